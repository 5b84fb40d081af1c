#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <ATen/core/Tensor.h>

#include "multilabel_head/export.h"
#include "multilabel_head/head_metrics.h"
#include "multilabel_head/predictions.h"

namespace multilabel_head {

/// TF's ModeKeys: what create_estimator_spec builds.
enum class ModeKeys { kTrain, kEval, kPredict };

/// TF's names: "train", "eval", "infer".
MLH_API std::string_view to_string(ModeKeys mode);
/// c10::ValueError for anything else than TF's names.
MLH_API ModeKeys mode_from_string(std::string_view mode);

/// TF's ClassificationOutput: what a served classifier returns.
struct ClassificationOutput {
  at::Tensor scores;                              ///< the probabilities
  std::vector<std::vector<std::string>> classes;  ///< the class names of every row
};

/// TF's export_outputs of PREDICT: 'serving_default' and 'classification' are the same
/// ClassificationOutput; 'predict' is every prediction.
struct ExportOutputs {
  ClassificationOutput serving_default;
  ClassificationOutput classification;
  Predictions predict;
};

/// What a model_fn returns, per mode (spec section 6): TRAIN has loss and train_op; EVAL has loss
/// and the updated metrics; PREDICT has export_outputs. Every mode has the predictions.
struct EstimatorSpec {
  ModeKeys mode;
  Predictions predictions;
  std::optional<at::Tensor> loss;
  std::optional<at::Tensor> train_op;  ///< what train_op_fn returned
  MetricDict eval_metric_ops;
  std::optional<ExportOutputs> export_outputs;
};

/// TF's train_op_fn: called with the training loss; its result is the spec's train_op.
using TrainOpFn = std::function<at::Tensor(const at::Tensor& loss)>;
/// TF's update_ops: run after the training step.
using UpdateOp = std::function<void()>;

/// TF's checks of TRAIN's arguments, in TF's wording: exactly one of an optimizer and a
/// train_op_fn.
MLH_API void check_train_arguments(bool has_optimizer, bool has_train_op_fn);

}  // namespace multilabel_head
