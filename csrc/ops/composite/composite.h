#pragma once

// The head's steps as CompositeImplicitAutograd kernels: built from other operators, so autograd,
// torch.compile and torch.export see through them. Shapes are read as SymInts for dynamic shapes.

#include <cstdint>
#include <optional>
#include <vector>

#include <ATen/core/Tensor.h>
#include <c10/util/string_view.h>

namespace multilabel_head::composite {

// The logits' shape with its last axis (the classes) replaced by `last`: [D0..DN, last].
inline std::vector<c10::SymInt> logits_shape_with_last(const at::Tensor& logits, int64_t last) {
  std::vector<c10::SymInt> shape(logits.sym_sizes().begin(), logits.sym_sizes().end() - 1);
  shape.emplace_back(last);
  return shape;
}

at::Tensor check_logits(const at::Tensor& logits, int64_t n_classes);

// The shape checks of dense labels; the [0, 1] value check is left to the caller, which can fold it
// into a pass it makes anyway.
at::Tensor check_label_shape(const std::optional<at::Tensor>& labels, const at::Tensor& logits,
                             int64_t n_classes);

// The weight column's feature as [D0..DN, 1] in the logits' dtype, or none for unit weights.
std::optional<at::Tensor> example_weights(const std::optional<at::Tensor>& weights,
                                          std::optional<c10::string_view> weight_column,
                                          const at::Tensor& logits);

// Each regularization loss must hold one value.
void check_regularization_loss(const at::Tensor& regularization_loss);

// A loss_fn's result must be [D0..DN, 1] (spec section 3.4, TF's wording).
void check_unreduced_loss(const at::Tensor& unreduced_loss, const at::Tensor& logits);

at::Tensor reduce_loss(const at::Tensor& unreduced_loss, const at::Tensor& logits,
                       const std::optional<at::Tensor>& weights,
                       std::optional<c10::string_view> weight_column,
                       c10::string_view loss_reduction, at::TensorList regularization_losses);

}  // namespace multilabel_head::composite
