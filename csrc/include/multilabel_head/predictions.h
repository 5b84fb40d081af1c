#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "multilabel_head/export.h"

namespace multilabel_head {

// TF's PredictionKeys that a head returns, in TF's order.
MLH_API const std::vector<std::string>& prediction_keys();

// The head's predictions; a key that was not asked for stays empty.
struct Predictions {
  std::optional<at::Tensor> logits;         // [D0..DN, C], float32 (float64 stays float64)
  std::optional<at::Tensor> probabilities;  // sigmoid(logits)
  // The class names for every row, [D0][C] as in TF (also for logits of rank > 2).
  std::optional<std::vector<std::vector<std::string>>> classes;
};

// keys=nullopt asks for all three; an unknown key throws c10::ValueError with TF's wording.
MLH_API Predictions predictions(const at::Tensor& logits,
                                const std::vector<std::string>& class_names,
                                const std::optional<std::vector<std::string>>& keys = std::nullopt);

// The class names of a head: the vocabulary, or "0".."n-1" without one.
MLH_API std::vector<std::string> class_names(
    int64_t n_classes, const std::optional<std::vector<std::string>>& label_vocabulary);

}  // namespace multilabel_head
