#include "multilabel_head/metrics/metric.h"

#include <ATen/ops/cat.h>
#include <ATen/ops/zeros_like.h>

#include "metrics/sum_state.h"
#include "ops/shape_format.h"

namespace multilabel_head::metrics {

void add_counts(at::Tensor& state, const at::Tensor& delta) {
  // A multi_label AUC learns its number of labels from its first update.
  const bool no_rows_yet = state.defined() && state.dim() > 0 && state.size(0) == 0;
  if (!state.defined() || (no_rows_yet && delta.dim() == state.dim())) {
    state = delta.clone();
    return;
  }
  TORCH_CHECK_VALUE(state.sizes() == delta.sizes(), "cannot add counts of shape ",
                    format_shape(delta.sym_sizes()), " to a state of shape ",
                    format_shape(state.sym_sizes()));
  if (state.scalar_type() != delta.scalar_type()) {
    state = state.to(at::kDouble);
  }
  state.add_(delta);
}

at::Tensor loaded_counts(const StateDict& state, const std::string& key, const at::Tensor& expected,
                         const std::string& metric) {
  const auto found = state.find(key);
  TORCH_CHECK_VALUE(found != state.end() && state.size() == 1, "The state of ", metric,
                    " holds exactly the tensor '", key, "'.");
  const at::Tensor& counts = found->second;
  TORCH_CHECK_TYPE(counts.scalar_type() == at::kLong || counts.scalar_type() == at::kDouble,
                   "The state '", key, "' of ", metric, " must be int64 or float64, got ",
                   counts.scalar_type());
  TORCH_CHECK_VALUE(!expected.defined() || counts.sizes() == expected.sizes(), "The state '", key,
                    "' of ", metric, " must have shape ", format_shape(expected.sym_sizes()),
                    ", got ", format_shape(counts.sym_sizes()));
  return counts.clone();
}

StateDict combine_states(const StateDict& a, const StateDict& b, StateReduction reduction) {
  TORCH_CHECK_VALUE(a.size() == b.size(), "cannot combine states with different entries");
  StateDict combined;
  for (const auto& [key, tensor] : a) {
    const auto other = b.find(key);
    TORCH_CHECK_VALUE(other != b.end(), "cannot combine states: '", key, "' is missing");
    if (reduction == StateReduction::kConcatenate) {
      TORCH_CHECK_VALUE(tensor.dim() == other->second.dim() &&
                            tensor.sizes().slice(1) == other->second.sizes().slice(1),
                        "cannot combine states: '", key, "' has shapes ",
                        format_shape(tensor.sym_sizes()), " and ",
                        format_shape(other->second.sym_sizes()));
      combined[key] = at::cat({tensor, other->second});
    } else {
      at::Tensor sum = tensor.defined() ? tensor.clone() : tensor;
      add_counts(sum, other->second);
      combined[key] = sum;
    }
  }
  return combined;
}

void Metric::merge(const Metric& other) {
  TORCH_CHECK_VALUE(config() == other.config(), "cannot merge ", other.config(), " into ",
                    config());
  load_state_dict(combine_states(state_dict(), other.state_dict(), state_reduction()));
}

SumStateMetric::SumStateMetric(at::Tensor initial_state)
    : state_(std::move(initial_state)), initial_dtype_(state_.scalar_type()) {}

StateDict SumStateMetric::state_dict() const { return {{"state", state_}}; }

void SumStateMetric::load_state_dict(const StateDict& state) {
  state_ = loaded_counts(state, "state", state_, config());
}

void SumStateMetric::reset() { state_ = at::zeros_like(state_, initial_dtype_); }

void SumStateMetric::accumulate(const at::Tensor& delta) { add_counts(state_, delta); }

const at::Tensor& SumStateMetric::state_of(const StateDict& state) const {
  const auto found = state.find("state");
  TORCH_CHECK_VALUE(found != state.end(), "The state of ", config(), " holds the tensor 'state'.");
  return found->second;
}

}  // namespace multilabel_head::metrics
