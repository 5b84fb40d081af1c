// TF's check_logits_final_dim.
#include <ATen/core/Tensor.h>
#include <torch/library.h>

#include "ops/composite/composite.h"
#include "ops/shape_format.h"

namespace multilabel_head::composite {

at::Tensor check_logits(const at::Tensor& logits, int64_t n_classes) {
  TORCH_CHECK_TYPE(!logits.is_complex(), "logits must be real, got ", logits.scalar_type());
  TORCH_CHECK_VALUE(logits.dim() >= 2, "logits must have rank at least 2.  Received rank ",
                    logits.dim(), ", shape ", format_shape(logits.sym_sizes()));
  TORCH_CHECK_VALUE(logits.sym_size(-1) == n_classes,
                    "logits shape must be [D0, D1, ... DN, logits_dimension], got ",
                    format_shape(logits.sym_sizes()), ".");
  // TF computes in float32; float64 is kept for gradcheck and for users who ask for it.
  if (logits.scalar_type() == at::kFloat || logits.scalar_type() == at::kDouble) {
    return logits;
  }
  return logits.to(at::kFloat);
}

TORCH_LIBRARY_IMPL(multilabel_head, CompositeImplicitAutograd, m) {
  m.impl("check_logits", &check_logits);
}

}  // namespace multilabel_head::composite
