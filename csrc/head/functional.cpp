#include "multilabel_head/functional.h"

#include <string>

#include "multilabel_head/ops.h"

namespace multilabel_head::functional {

at::Tensor multi_label_head_loss(
    const Labels& labels, const at::Tensor& logits, const MultiLabelHeadFuncOptions& options,
    const Features& features, const std::optional<std::vector<at::Tensor>>& regularization_losses) {
  const std::optional<std::string>& column = options.weight_column();
  std::optional<at::Tensor> weights;
  if (column) {
    if (const auto found = features.find(*column); found != features.end()) {
      weights = found->second;
    }
  }
  std::optional<LabelVocabulary> vocabulary;
  if (std::holds_alternative<StringLabels>(labels) && options.label_vocabulary()) {
    vocabulary.emplace(*options.label_vocabulary());
  }
  const at::Tensor multi_hot =
      multi_hot_labels(labels, options.n_classes(), vocabulary ? &*vocabulary : nullptr);
  const std::optional<at::Tensor> given_labels =
      multi_hot.defined() ? std::optional<at::Tensor>(multi_hot) : std::nullopt;
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
