#pragma once

#include <optional>
#include <vector>

#include <ATen/core/Tensor.h>

#include "multilabel_head/export.h"
#include "multilabel_head/features.h"
#include "multilabel_head/labels.h"
#include "multilabel_head/options.h"

namespace multilabel_head::functional {

using MultiLabelHeadFuncOptions = MultiLabelHeadOptions;

/// The head's training loss, as MultiLabelHead::loss computes it: labels in any form (string
/// labels through options.label_vocabulary), logits [D0..DN, n_classes], the weight column read
/// from features, options.loss_fn or the sigmoid cross-entropy, the reduction, then the sum of the
/// regularization losses.
MLH_API at::Tensor multi_label_head_loss(
    const Labels& labels, const at::Tensor& logits, const MultiLabelHeadFuncOptions& options,
    const Features& features = {},
    const std::optional<std::vector<at::Tensor>>& regularization_losses = std::nullopt);

}  // namespace multilabel_head::functional
