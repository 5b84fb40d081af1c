#pragma once

// The arithmetic of sum states, shared by SumStateMetric and the binned AUC.

#include <string>

#include <ATen/core/Tensor.h>

#include "multilabel_head/metrics/metric.h"

namespace multilabel_head::metrics {

// state += delta; int64 counters become float64 when the delta is weighted. An undefined state
// becomes a copy of the delta.
void add_counts(at::Tensor& state, const at::Tensor& delta);

// The tensor `key` of a loaded state, checked: int64 or float64, and `expected`'s shape when that
// is defined.
at::Tensor loaded_counts(const StateDict& state, const std::string& key, const at::Tensor& expected,
                         const std::string& metric);

}  // namespace multilabel_head::metrics
