#pragma once

// The (labels, predictions, weights) of a metric update as the [rows, classes] cells that
// binned_counts reads: rows are every axis but the last.

#include <optional>
#include <string>

#include <ATen/core/Tensor.h>

namespace multilabel_head::metrics {

struct Cells {
  at::Tensor scores;                  // float32 or float64 [rows, classes]
  at::Tensor labels;                  // [rows, classes]
  std::optional<at::Tensor> weights;  // [rows] (one per row) or [rows, classes]
};

// Checks the shapes (labels like predictions; weights broadcastable to them) and types.
Cells cells(const at::Tensor& labels, const at::Tensor& predictions,
            const std::optional<at::Tensor>& weights, const std::string& metric);

}  // namespace multilabel_head::metrics
