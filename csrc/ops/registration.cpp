// The one TORCH_LIBRARY block of the multilabel_head namespace: every operator's schema. Kernels
// are registered beside their code (cpu/, autograd/, composite/); fake kernels live in Python.
#include <torch/library.h>

#include "multilabel_head/registration.h"

namespace multilabel_head {

void ensure_registered() {}

TORCH_LIBRARY(multilabel_head, m) {
  m.set_python_module("multilabel_head._ops");
  m.def("sigmoid_cross_entropy(Tensor logits, Tensor labels) -> Tensor");
  m.def("sigmoid_cross_entropy_backward(Tensor grad, Tensor logits, Tensor labels) -> Tensor");
  m.def(
      "multi_hot(Tensor class_ids, Tensor example_ids, int num_examples, int n_classes) -> Tensor");
  m.def("ragged_multi_hot(Tensor class_ids, Tensor row_offsets, int n_classes) -> Tensor");
  m.def("sparse_multi_hot(Tensor labels, int n_classes) -> Tensor");
  // Both return their input when it needs no change, like reshape: hence the alias annotations.
  m.def("check_logits(Tensor(a) logits, int n_classes) -> Tensor(a)");
  m.def("process_labels(Tensor(a)? labels, Tensor logits, int n_classes) -> Tensor(a)");
  m.def(
      "reduce_loss(Tensor unreduced_loss, Tensor logits, Tensor? weights, str? weight_column, "
      "str loss_reduction, Tensor[] regularization_losses) -> Tensor");
  m.def(
      "head_loss(Tensor logits, Tensor? labels, int n_classes, Tensor? weights, "
      "str? weight_column, str loss_reduction, Tensor[] regularization_losses) -> Tensor");
  // The fused metrics pass: histogram [classes, num_buckets, 2], threshold counts [thresholds, 5],
  // class sums [classes, 2] and loss sums [2] of one batch (ops.h).
  m.def(
      "binned_counts(Tensor scores, Tensor labels, Tensor? weights, int num_buckets, "
      "float[] thresholds, bool from_logits, bool with_loss, bool with_class_sums) -> "
      "(Tensor, Tensor, Tensor, Tensor)");
}

}  // namespace multilabel_head
