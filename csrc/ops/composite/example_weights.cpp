// TF's get_weights_and_check_match_logits (spec section 3.2): per-example weights only.
#include <vector>

#include <ATen/core/Tensor.h>

#include "ops/composite/composite.h"
#include "ops/shape_format.h"

namespace multilabel_head::composite {

std::optional<at::Tensor> example_weights(const std::optional<at::Tensor>& weights,
                                          std::optional<c10::string_view> weight_column,
                                          const at::Tensor& logits) {
  if (!weights.has_value() || !weights->defined()) {
    TORCH_CHECK_VALUE(!weight_column.has_value(), "Feature ", *weight_column,
                      " is not in features dictionary.");
    return std::nullopt;
  }
  at::Tensor w = *weights;
  const c10::string_view key = weight_column.value_or("weights");
  TORCH_CHECK_TYPE(!w.is_complex() && w.layout() == at::kStrided,
                   "weights must be a dense real Tensor, got ", w.scalar_type(), " ", w.layout());
  TORCH_CHECK_VALUE(w.dim() > 0, "Feature (key: ", key,
                    ") cannot have rank 0. Given: a Tensor of shape ", format_shape(w.sym_sizes()));
  if (w.dim() == 1) {  // TF's feature builder makes a rank-1 feature a column.
    w = w.unsqueeze(-1);
  }
  const std::vector<c10::SymInt> column = logits_shape_with_last(logits, 1);
  const c10::SymIntArrayRef rows = c10::SymIntArrayRef(column).slice(0, column.size() - 1);
  const bool one_per_example = w.dim() == logits.dim() - 1
                                   ? w.sym_sizes() == rows
                                   : w.sym_sizes() == c10::SymIntArrayRef(column);
  TORCH_CHECK_VALUE(one_per_example,
                    "weights shape must be [D0, D1, ... DN] or [D0, D1, ... DN, 1], logits_shape: ",
                    format_shape(logits.sym_sizes()),
                    ". weights_shape: ", format_shape(w.sym_sizes()), ".");
  if (w.dim() == logits.dim() - 1) {
    w = w.unsqueeze(-1);
  }
  return w.to(logits.scalar_type() == at::kDouble ? at::kDouble : at::kFloat);
}

}  // namespace multilabel_head::composite
