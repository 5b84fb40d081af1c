#pragma once

#include <map>
#include <string>

#include <ATen/core/Tensor.h>

#include "multilabel_head/export.h"

namespace multilabel_head::metrics {

/// A metric's accumulated state, by name: what state_dict() saves and distributed sync exchanges.
using StateDict = std::map<std::string, at::Tensor>;

/// How the states of two streams combine: element-wise sums (every binned metric) or
/// concatenation (the exact AUC, which keeps its scores).
enum class StateReduction { kSum, kConcatenate };

/// A streaming metric in the style of Keras and torchmetrics: update() accumulates, result()
/// reads everything accumulated since the last reset(). Updates are atomic: one that raises
/// leaves the state as it was.
class MLH_API Metric {
 public:
  virtual ~Metric() = default;

  /// The value over all the data accumulated, a float32 tensor.
  at::Tensor result() const { return result_of(state_dict()); }
  /// The value a state would give: result() of a merged or distributed-synced state.
  virtual at::Tensor result_of(const StateDict& state) const = 0;
  virtual StateDict state_dict() const = 0;
  /// Replaces the state; c10::ValueError when it does not fit this metric's configuration.
  virtual void load_state_dict(const StateDict& state) = 0;
  virtual void reset() = 0;
  virtual StateReduction state_reduction() const = 0;
  /// The kind of metric and its configuration, e.g. "AUC(num_thresholds=200, curve='ROC', ...)".
  virtual std::string config() const = 0;

  /// Adds the data another metric of the same configuration has accumulated.
  void merge(const Metric& other);
};

/// The combination of two states by a reduction rule (sums promote int64 counts to float64 when
/// one side is weighted).
MLH_API StateDict combine_states(const StateDict& a, const StateDict& b, StateReduction reduction);

/// A metric whose state is one tensor of sums: merged and synced by addition, in one collective.
/// Counters start as int64 and become float64 at the first weighted update.
class MLH_API SumStateMetric : public Metric {
 public:
  StateDict state_dict() const override;
  void load_state_dict(const StateDict& state) override;
  void reset() override;
  StateReduction state_reduction() const override { return StateReduction::kSum; }

  /// Adds one batch's counts (what binned_counts gives, shaped like the state): how the head
  /// feeds all of its metrics from one pass.
  void accumulate(const at::Tensor& delta);
  const at::Tensor& state() const { return state_; }

 protected:
  explicit SumStateMetric(at::Tensor initial_state);
  /// The state, or zeros when nothing was accumulated yet.
  const at::Tensor& state_of(const StateDict& state) const;

 private:
  at::Tensor state_;
  at::ScalarType initial_dtype_;  // what reset() returns to
};

}  // namespace multilabel_head::metrics
