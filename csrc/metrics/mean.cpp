#include "multilabel_head/metrics/mean.h"

#include <ATen/ExpandUtils.h>
#include <ATen/ops/stack.h>
#include <ATen/ops/tensor.h>
#include <ATen/ops/zeros.h>

#include "metrics/ratio.h"
#include "ops/shape_format.h"

namespace multilabel_head::metrics {

Mean::Mean() : SumStateMetric(at::zeros({2}, at::kDouble)) {}

void Mean::update(const at::Tensor& values, const std::optional<at::Tensor>& weights) {
  TORCH_CHECK_TYPE(!values.is_complex() && values.layout() == at::kStrided,
                   "Mean values must be a dense real tensor, got ", values.scalar_type());
  const at::Tensor v = values.to(at::kDouble);
  if (!weights.has_value() || !weights->defined()) {
    accumulate(
        at::stack({v.sum(), at::scalar_tensor(static_cast<double>(v.numel()), at::kDouble)}));
    return;
  }
  TORCH_CHECK_TYPE(!weights->is_complex() && weights->scalar_type() != at::kBool,
                   "Mean weights must be a real tensor, got ", weights->scalar_type());
  TORCH_CHECK_VALUE(at::is_expandable_to(weights->sizes(), values.sizes()),
                    "Mean weights of shape ", format_shape(weights->sym_sizes()),
                    " do not broadcast to the values' shape ", format_shape(values.sym_sizes()));
  const at::Tensor w = weights->to(at::kDouble).expand(values.sizes());
  accumulate(at::stack({v.mul(w).sum(), w.sum()}));
}

at::Tensor Mean::result_of(const StateDict& state) const {
  const at::Tensor sums = state_of(state).to(at::kDouble);
  return divide_no_nan(sums[0], sums[1]).to(at::kFloat);
}

}  // namespace multilabel_head::metrics
