#pragma once

#include <ATen/core/Tensor.h>
#include <ATen/ops/ones_like.h>
#include <ATen/ops/where.h>
#include <ATen/ops/zeros_like.h>

namespace multilabel_head::metrics {

// Keras's divide_no_nan: a / b, and 0 where b is 0.
inline at::Tensor divide_no_nan(const at::Tensor& a, const at::Tensor& b) {
  const at::Tensor zero = b.eq(0);
  return at::where(zero, at::zeros_like(a), a.div(at::where(zero, at::ones_like(b), b)));
}

}  // namespace multilabel_head::metrics
