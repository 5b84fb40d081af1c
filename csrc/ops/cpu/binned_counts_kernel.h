#pragma once

// The fused metrics pass: one read of scores, labels and weights gives every streaming metric's
// counts (ops.h binned_counts). binned_counts_kernel.cpp is compiled once per CPU capability.

#include <cstdint>
#include <vector>

#include <ATen/core/Tensor.h>

namespace multilabel_head::cpu {

struct BinnedCountsInputs {
  at::Tensor scores;   // contiguous [rows, classes], float or double
  at::Tensor labels;   // contiguous [rows, classes], any label dtype
  at::Tensor weights;  // undefined (unit weights) or float64 [rows, classes], strides may be 0
  std::vector<float> thresholds;
  int64_t num_buckets;
  bool from_logits;  // scores are logits: the probabilities are their sigmoid
  bool with_loss;    // also sum the weighted per-row mean cross-entropy (needs per-row weights)
};

// Zero-filled by the caller; int64 counters for unit weights, float64 otherwise.
struct BinnedCountsOutputs {
  at::Tensor histogram;         // [classes, num_buckets, 2]: weight of negatives, of positives
  at::Tensor threshold_counts;  // [thresholds, 5]: tp, fp, tn, fn, matches
  at::Tensor class_sums;        // float64 [classes, 2]: sum of w * p, sum of w; undefined: skip
  at::Tensor loss_sums;         // float64 [2]: sum of w * row loss, sum of w
};

enum class BinnedCountsStatus { kOk, kBadScores, kBadLabels };

using BinnedCountsKernel = BinnedCountsStatus (*)(const BinnedCountsInputs&, BinnedCountsOutputs&);

namespace DEFAULT {
BinnedCountsStatus binned_counts_kernel(const BinnedCountsInputs&, BinnedCountsOutputs&);
}
namespace AVX2 {
BinnedCountsStatus binned_counts_kernel(const BinnedCountsInputs&, BinnedCountsOutputs&);
}
namespace AVX512 {
BinnedCountsStatus binned_counts_kernel(const BinnedCountsInputs&, BinnedCountsOutputs&);
}

}  // namespace multilabel_head::cpu
