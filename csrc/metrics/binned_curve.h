#pragma once

// Keras's AUC arithmetic on a bucket histogram [labels, buckets, 2] (weight of negatives, of
// positives): thresholds i = 0..buckets, TP[i] = positive weight in buckets >= i.

#include <cstdint>
#include <string>

#include <ATen/core/Tensor.h>

#include "multilabel_head/metrics/auc.h"

namespace multilabel_head::metrics {

// Per label, float64 [labels]: ROC or PR area by 'interpolation', 'minoring' or 'majoring'.
at::Tensor binned_area(const at::Tensor& histogram, const std::string& curve,
                       const std::string& summation_method);

// The points at Keras's thresholds [-1e-7, 1/(T-1), ..., (T-2)/(T-1), 1+1e-7], T = buckets + 1.
Curve binned_curve(const at::Tensor& histogram, const std::string& curve);

}  // namespace multilabel_head::metrics
