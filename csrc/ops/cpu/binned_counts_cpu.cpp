// CPU kernel of binned_counts: operand checks, zeroed outputs, the kernel for this CPU, and the
// errors it found. Nothing is accumulated anywhere else, so a rejected batch changes no metric.
#include <ATen/core/Tensor.h>
#include <ATen/ops/zeros.h>
#include <torch/library.h>

#include "ops/cpu/binned_counts_kernel.h"
#include "ops/cpu/cpu_capability.h"
#include "ops/label_dtypes.h"
#include "ops/shape_format.h"

namespace multilabel_head::cpu {
namespace {

BinnedCountsKernel kernel() {
  static const BinnedCountsKernel chosen = for_cpu_capability(
      DEFAULT::binned_counts_kernel, AVX2::binned_counts_kernel, AVX512::binned_counts_kernel);
  return chosen;
}

void check_operands(const at::Tensor& scores, const at::Tensor& labels, int64_t num_buckets) {
  TORCH_CHECK_TYPE(scores.scalar_type() == at::kFloat || scores.scalar_type() == at::kDouble,
                   "binned_counts expects float32 or float64 scores, got ", scores.scalar_type());
  TORCH_CHECK_TYPE(is_label_dtype(labels.scalar_type()),
                   "labels must be a bool, integer or floating tensor, got ", labels.scalar_type());
  TORCH_CHECK_VALUE(scores.dim() == 2, "binned_counts expects scores [rows, classes], got shape ",
                    format_shape(scores.sym_sizes()));
  TORCH_CHECK_VALUE(labels.sizes() == scores.sizes(),
                    "labels must have the shape of the predictions, got labels_shape: ",
                    format_shape(labels.sym_sizes()),
                    " and predictions_shape: ", format_shape(scores.sym_sizes()));
  TORCH_CHECK_VALUE(num_buckets >= 0, "num_buckets must be >= 0, got ", num_buckets);
}

// Weights of one value per row ([rows] or [rows, 1]) or per cell ([rows, classes]) as float64
// [rows, classes] without a copy of the broadcast.
at::Tensor cell_weights(const at::Tensor& weights, const at::Tensor& scores) {
  TORCH_CHECK_TYPE(!weights.is_complex() && weights.scalar_type() != at::kBool,
                   "weights must be a real tensor, got ", weights.scalar_type());
  const bool per_row =
      (weights.dim() == 1 && weights.size(0) == scores.size(0)) ||
      (weights.dim() == 2 && weights.size(0) == scores.size(0) && weights.size(1) == 1);
  const bool per_cell = weights.sizes() == scores.sizes();
  TORCH_CHECK_VALUE(per_row || per_cell, "weights must have shape [rows], [rows, 1] or ",
                    format_shape(scores.sym_sizes()), ", got ", format_shape(weights.sym_sizes()));
  const at::Tensor w = weights.to(at::kDouble).contiguous();
  return per_cell ? w : w.reshape({scores.size(0), 1}).expand(scores.sizes());
}

std::string bad_scores_message(const at::Tensor& scores, bool from_logits) {
  if (from_logits || scores.isnan().any().item<bool>()) {
    return from_logits ? "logits must not be NaN" : "predictions must not be NaN";
  }
  const auto [low, high] = scores.aminmax();
  return "predictions must be probabilities in [0, 1], got values from " +
         std::to_string(low.item<double>()) + " to " + std::to_string(high.item<double>()) +
         " (for logits, use from_logits=True)";
}

std::tuple<at::Tensor, at::Tensor, at::Tensor, at::Tensor> binned_counts_cpu(
    const at::Tensor& scores, const at::Tensor& labels, const std::optional<at::Tensor>& weights,
    int64_t num_buckets, at::ArrayRef<double> thresholds, bool from_logits, bool with_loss,
    bool with_class_sums) {
  check_operands(scores, labels, num_buckets);
  const bool weighted = weights.has_value() && weights->defined();
  BinnedCountsInputs in{scores.contiguous(),
                        labels.contiguous(),
                        weighted ? cell_weights(*weights, scores) : at::Tensor(),
                        std::vector<float>(thresholds.begin(), thresholds.end()),
                        num_buckets,
                        from_logits,
                        with_loss};
  const bool one_per_row = !weighted || in.weights.size(1) == 1 || in.weights.stride(1) == 0;
  TORCH_CHECK_VALUE(!with_loss || (from_logits && one_per_row),
                    "binned_counts computes the loss only from logits with one weight per row");
  const at::ScalarType counter = weighted ? at::kDouble : at::kLong;
  const int64_t classes = scores.size(1);
  BinnedCountsOutputs out{
      at::zeros({classes, num_buckets, 2}, scores.options().dtype(counter)),
      at::zeros({static_cast<int64_t>(thresholds.size()), 5}, scores.options().dtype(counter)),
      at::zeros({classes, 2}, scores.options().dtype(at::kDouble)),
      at::zeros({2}, scores.options().dtype(at::kDouble))};
  if (scores.numel() > 0) {
    BinnedCountsOutputs filled = out;
    if (!with_class_sums) {
      filled.class_sums = at::Tensor();  // the kernel skips them
    }
    const BinnedCountsStatus status = kernel()(in, filled);
    TORCH_CHECK_VALUE(status != BinnedCountsStatus::kBadScores,
                      bad_scores_message(in.scores, from_logits));
    TORCH_CHECK_VALUE(status != BinnedCountsStatus::kBadLabels,
                      "labels must be an integer indicator Tensor with values in [0, 1]");
  }
  return {out.histogram, out.threshold_counts, out.class_sums, out.loss_sums};
}

}  // namespace

TORCH_LIBRARY_IMPL(multilabel_head, CPU, m) { m.impl("binned_counts", &binned_counts_cpu); }

}  // namespace multilabel_head::cpu
