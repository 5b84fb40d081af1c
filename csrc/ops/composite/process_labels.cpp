// TF's _processed_labels for dense multi-hot labels, with
// check_dense_labels_match_logits_and_reshape's shape checks.
#include <vector>

#include <ATen/core/Tensor.h>
#include <ATen/ops/aminmax.h>
#include <torch/library.h>

#include "ops/composite/composite.h"
#include "ops/label_dtypes.h"
#include "ops/shape_format.h"

namespace multilabel_head::composite {

at::Tensor check_label_shape(const std::optional<at::Tensor>& labels, const at::Tensor& logits,
                             int64_t n_classes) {
  TORCH_CHECK_VALUE(labels.has_value() && labels->defined(),
                    "You must provide a labels Tensor. Given: None. Suggested troubleshooting "
                    "steps: Check that your data contains your label feature. Check that your "
                    "input_fn properly parses and returns labels.");
  at::Tensor processed = *labels;
  TORCH_CHECK_TYPE(processed.layout() == at::kStrided,
                   "SparseTensor labels are not supported yet; pass dense multi-hot labels, got "
                   "layout ",
                   processed.layout());
  TORCH_CHECK_TYPE(is_label_dtype(processed.scalar_type()),
                   "labels must be a bool, integer or floating Tensor, got ",
                   processed.scalar_type());
  if (processed.dim() == logits.dim() - 1) {
    processed = processed.unsqueeze(-1);
  }
  TORCH_CHECK_VALUE(processed.dim() >= 2, "labels must have rank at least 2.  Received rank ",
                    processed.dim(), ", shape ", format_shape(processed.sym_sizes()));
  TORCH_CHECK_VALUE(processed.sym_size(-1) == n_classes,
                    "Mismatched label shape. Expected labels dimension=", n_classes, ".  Received ",
                    processed.sym_size(-1),
                    ". Suggested Fix: If your classifier expects one-hot encoding label, check "
                    "your n_classes argument to the estimator and/or the shape of your label. "
                    "Otherwise, check the shape of your label.");
  const std::vector<c10::SymInt> expected = logits_shape_with_last(logits, n_classes);
  TORCH_CHECK_VALUE(processed.sym_sizes() == c10::SymIntArrayRef(expected),
                    "labels shape must be [D0, D1, ... DN, ", n_classes,
                    "]. Suggested Fix: check your n_classes argument to the head and/or the shape "
                    "of your label., expected_labels_shape: ",
                    format_shape(expected), ". labels_shape: ", format_shape(processed.sym_sizes()),
                    ".");
  return processed;
}

namespace {

at::Tensor process_labels(const std::optional<at::Tensor>& labels, const at::Tensor& logits,
                          int64_t n_classes) {
  at::Tensor processed = check_label_shape(labels, logits, n_classes);
  if (processed.scalar_type() != at::kBool && processed.sym_numel() > 0) {
    const auto [low, high] = at::aminmax(processed);
    // NaN fails both comparisons, as in TF. Under tracing the SymBool becomes a runtime assert.
    const c10::SymBool in_range = low.ge(0).logical_and(high.le(1)).item().toSymBool();
    TORCH_CHECK_VALUE(in_range.expect_true(__FILE__, __LINE__),
                      "labels must be an integer indicator Tensor with values in [0, 1]");
  }
  return processed;
}

}  // namespace

TORCH_LIBRARY_IMPL(multilabel_head, CompositeImplicitAutograd, m) {
  m.impl("process_labels", &process_labels);
}

}  // namespace multilabel_head::composite
