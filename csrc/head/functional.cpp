#include "multilabel_head/functional.h"

#include <string>

#include "multilabel_head/ops.h"

namespace multilabel_head::functional {
namespace {

// The weight column's feature; a missing one is left for the core's check and its TF message.
std::optional<at::Tensor> weight_feature(const Features& features,
                                         const std::optional<std::string>& column) {
  if (!column) {
    return std::nullopt;
  }
  const auto found = features.find(*column);
  return found == features.end() ? std::nullopt : std::optional<at::Tensor>(found->second);
}

// The labels as one tensor, or none; names need the options' vocabulary, built for this call.
std::optional<at::Tensor> labels_tensor(const Labels& labels,
                                        const MultiLabelHeadOptions& options) {
  std::optional<LabelVocabulary> vocabulary;
  if (std::holds_alternative<StringLabels>(labels) && options.label_vocabulary()) {
    vocabulary.emplace(*options.label_vocabulary());
  }
  const at::Tensor multi_hot =
      multi_hot_labels(labels, options.n_classes(), vocabulary ? &*vocabulary : nullptr);
  return multi_hot.defined() ? std::optional<at::Tensor>(multi_hot) : std::nullopt;
}

}  // namespace

at::Tensor multi_label_head_loss(
    const Labels& labels, const at::Tensor& logits, const MultiLabelHeadFuncOptions& options,
    const Features& features, const std::optional<std::vector<at::Tensor>>& regularization_losses) {
  const std::optional<std::string>& column = options.weight_column();
  const std::optional<at::Tensor> weights = weight_feature(features, column);
  const std::optional<at::Tensor> given_labels = labels_tensor(labels, options);
  const std::string reduction(to_string(options.loss_reduction()));
  const std::vector<at::Tensor> regularization =
      regularization_losses.value_or(std::vector<at::Tensor>{});
  const int64_t n_classes = options.n_classes();
  if (!options.loss_fn()) {
    return ops::head_loss(logits, given_labels, n_classes, weights, column, reduction,
                          regularization);
  }
  const at::Tensor checked_logits = ops::check_logits(logits, n_classes);
  const at::Tensor processed_labels = ops::process_labels(given_labels, checked_logits, n_classes);
  return ops::reduce_loss(options.loss_fn()(processed_labels, checked_logits, features),
                          checked_logits, weights, column, reduction, regularization);
}

}  // namespace multilabel_head::functional
