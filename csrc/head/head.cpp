#include "multilabel_head/head.h"

#include <torch/optim/optimizer.h>

#include "multilabel_head/functional.h"
#include "multilabel_head/ops.h"
#include "multilabel_head/options_validation.h"

namespace multilabel_head {

MultiLabelHeadImpl::MultiLabelHeadImpl(const MultiLabelHeadOptions& options) : options(options) {
  reset();
}

void MultiLabelHeadImpl::reset() {
  class_ids_ = validate_options(options);
  class_names_ = class_names(options.n_classes(), options.label_vocabulary());
  vocabulary_.reset();
  if (options.label_vocabulary()) {
    vocabulary_.emplace(*options.label_vocabulary());
  }
}

void MultiLabelHeadImpl::pretty_print(std::ostream& stream) const {
  stream << "multilabel_head::MultiLabelHead(n_classes=" << options.n_classes()
         << ", loss_reduction=" << to_string(options.loss_reduction());
  if (options.weight_column()) {
    stream << ", weight_column=" << *options.weight_column();
  }
  if (options.name()) {
    stream << ", name=" << *options.name();
  }
  stream << ")";
}

at::Tensor MultiLabelHeadImpl::forward(const at::Tensor& logits) {
  return ops::check_logits(logits, options.n_classes()).sigmoid();
}

at::Tensor MultiLabelHeadImpl::loss(
    const Labels& labels, const at::Tensor& logits, const Features& features,
    const std::optional<std::vector<at::Tensor>>& regularization_losses) {
  // Names are looked up here, in the vocabulary built once per head.
  const at::Tensor multi_hot =
      multi_hot_labels(labels, options.n_classes(), vocabulary_ ? &*vocabulary_ : nullptr);
  return functional::multi_label_head_loss(multi_hot, logits, options, features,
                                           regularization_losses);
}

HeadMetricsSpec MultiLabelHeadImpl::metrics_spec() const {
  return {options.n_classes(), options.thresholds(), class_ids_, options.label_vocabulary(),
          options.name()};
}

MetricDict MultiLabelHeadImpl::metrics(
    const std::optional<std::vector<at::Tensor>>& regularization_losses) const {
  return head_metrics(metrics_spec(), regularization_losses.has_value());
}

const MetricDict& MultiLabelHeadImpl::update_metrics(
    const MetricDict& eval_metrics, const Features& features, const at::Tensor& logits,
    const Labels& labels, const std::optional<std::vector<at::Tensor>>& regularization_losses) {
  HeadMetricsBatch batch{logits,       std::nullopt,         std::nullopt, options.weight_column(),
                         std::nullopt, regularization_losses};
  const at::Tensor multi_hot =
      multi_hot_labels(labels, options.n_classes(), vocabulary_ ? &*vocabulary_ : nullptr);
  if (multi_hot.defined()) {
    batch.labels = multi_hot;
  }
  if (options.weight_column()) {
    const auto found = features.find(*options.weight_column());
    if (found != features.end()) {
      batch.weights = found->second;
    }
  }
  if (options.loss_fn()) {
    const at::Tensor checked_logits = ops::check_logits(logits, options.n_classes());
    batch.unreduced_loss =
        options.loss_fn()(ops::process_labels(batch.labels, checked_logits, options.n_classes()),
                          checked_logits, features);
  }
  update_head_metrics(eval_metrics, metrics_spec(), batch);
  return eval_metrics;
}

EstimatorSpec MultiLabelHeadImpl::create_estimator_spec(
    const Features& features, ModeKeys mode, const at::Tensor& logits,
    const std::optional<Labels>& labels, torch::optim::Optimizer* optimizer,
    const TrainOpFn& train_op_fn, const std::vector<UpdateOp>& update_ops,
    const std::optional<std::vector<at::Tensor>>& regularization_losses,
    const std::optional<MetricDict>& eval_metrics) {
  EstimatorSpec spec{mode,        predictions(logits.detach()), std::nullopt, std::nullopt, {},
                     std::nullopt};
  if (mode == ModeKeys::kPredict) {
    const ClassificationOutput output{*spec.predictions.probabilities, *spec.predictions.classes};
    spec.export_outputs = ExportOutputs{output, output, spec.predictions};
    return spec;
  }
  const Labels given = labels.value_or(Labels(at::Tensor()));  // none: TF's missing-labels error
  if (mode == ModeKeys::kTrain) {
    check_train_arguments(optimizer != nullptr, static_cast<bool>(train_op_fn));
  }
  spec.loss = loss(given, logits, features, regularization_losses);
  if (mode == ModeKeys::kEval) {
    spec.eval_metric_ops = eval_metrics.value_or(metrics(regularization_losses));
    update_metrics(spec.eval_metric_ops, features, logits, given, regularization_losses);
    return spec;
  }
  if (optimizer != nullptr) {
    optimizer->zero_grad();
    spec.loss->backward();
    optimizer->step();
  } else {
    spec.train_op = train_op_fn(*spec.loss);
  }
  for (const UpdateOp& update : update_ops) {
    update();
  }
  return spec;
}

Predictions MultiLabelHeadImpl::predictions(
    const at::Tensor& logits, const std::optional<std::vector<std::string>>& keys) const {
  return multilabel_head::predictions(logits, class_names_, keys);
}

}  // namespace multilabel_head
