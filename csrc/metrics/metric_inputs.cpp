#include "metrics/metric_inputs.h"

#include <ATen/ExpandUtils.h>

#include "ops/label_dtypes.h"
#include "ops/shape_format.h"

namespace multilabel_head::metrics {
namespace {

// [D0..DN, C] -> [D0 * ... * DN, C]; a scalar or a vector is one class: [N] -> [N, 1].
at::Tensor as_rows(const at::Tensor& tensor) {
  const int64_t classes = tensor.dim() < 2 ? 1 : tensor.size(-1);
  return tensor.reshape({classes == 0 ? 0 : tensor.numel() / classes, classes});
}

// Weights broadcast to the predictions; when they are one per row (they repeat along the last
// axis, or it has one class), only that column is kept.
at::Tensor row_or_cell_weights(const at::Tensor& weights, const at::Tensor& predictions,
                               const std::string& metric) {
  TORCH_CHECK_TYPE(!weights.is_complex() && weights.scalar_type() != at::kBool &&
                       weights.layout() == at::kStrided,
                   metric, " weights must be a dense real tensor, got ", weights.scalar_type());
  // As Keras does: weights one rank short ([D0..DN] for [D0..DN, C]) gain a last axis.
  const at::Tensor w = weights.dim() + 1 == predictions.dim() ? weights.unsqueeze(-1) : weights;
  TORCH_CHECK_VALUE(at::is_expandable_to(w.sizes(), predictions.sizes()), metric,
                    " weights of shape ", format_shape(weights.sym_sizes()),
                    " do not broadcast to the predictions' shape ",
                    format_shape(predictions.sym_sizes()));
  const at::Tensor expanded = w.expand(predictions.sizes());
  const at::Tensor rows = as_rows(expanded);
  const bool one_per_row = rows.size(1) == 1 || (expanded.dim() > 0 && expanded.stride(-1) == 0);
  return one_per_row ? rows.select(1, 0) : rows;
}

}  // namespace

Cells cells(const at::Tensor& labels, const at::Tensor& predictions,
            const std::optional<at::Tensor>& weights, const std::string& metric) {
  TORCH_CHECK_TYPE(predictions.is_floating_point() && predictions.layout() == at::kStrided, metric,
                   " predictions must be a dense floating tensor, got ", predictions.scalar_type());
  TORCH_CHECK_TYPE(is_label_dtype(labels.scalar_type()) && labels.layout() == at::kStrided, metric,
                   " labels must be a dense bool, integer or floating tensor, got ",
                   labels.scalar_type());
  TORCH_CHECK_VALUE(labels.sizes() == predictions.sizes(), metric,
                    " labels must have the shape of the predictions, got labels_shape: ",
                    format_shape(labels.sym_sizes()),
                    " and predictions_shape: ", format_shape(predictions.sym_sizes()));
  const at::Tensor scores =
      predictions.scalar_type() == at::kDouble ? predictions : predictions.to(at::kFloat);
  Cells result{as_rows(scores), as_rows(labels), std::nullopt};
  if (weights.has_value() && weights->defined()) {
    result.weights = row_or_cell_weights(*weights, predictions, metric);
  }
  return result;
}

}  // namespace multilabel_head::metrics
