#include "multilabel_head/ops.h"

#include <ATen/core/dispatch/Dispatcher.h>

namespace multilabel_head::ops {
namespace {

template <typename Signature>
c10::TypedOperatorHandle<Signature> find_op(const char* name) {
  return c10::Dispatcher::singleton().findSchemaOrThrow(name, "").typed<Signature>();
}

std::optional<c10::string_view> view(const std::optional<std::string>& text) {
  return text ? std::optional<c10::string_view>(*text) : std::nullopt;
}

}  // namespace

at::Tensor sigmoid_cross_entropy(const at::Tensor& logits, const at::Tensor& labels) {
  static const auto op = find_op<at::Tensor(const at::Tensor&, const at::Tensor&)>(
      "multilabel_head::sigmoid_cross_entropy");
  return op.call(logits, labels);
}

at::Tensor sigmoid_cross_entropy_backward(const at::Tensor& grad, const at::Tensor& logits,
                                          const at::Tensor& labels) {
  static const auto op =
      find_op<at::Tensor(const at::Tensor&, const at::Tensor&, const at::Tensor&)>(
          "multilabel_head::sigmoid_cross_entropy_backward");
  return op.call(grad, logits, labels);
}

at::Tensor multi_hot(const at::Tensor& class_ids, const at::Tensor& example_ids,
                     int64_t num_examples, int64_t n_classes) {
  static const auto op =
      find_op<at::Tensor(const at::Tensor&, const at::Tensor&, int64_t, int64_t)>(
          "multilabel_head::multi_hot");
  return op.call(class_ids, example_ids, num_examples, n_classes);
}

at::Tensor ragged_multi_hot(const at::Tensor& class_ids, const at::Tensor& row_offsets,
                            int64_t n_classes) {
  static const auto op = find_op<at::Tensor(const at::Tensor&, const at::Tensor&, int64_t)>(
      "multilabel_head::ragged_multi_hot");
  return op.call(class_ids, row_offsets, n_classes);
}

at::Tensor sparse_multi_hot(const at::Tensor& labels, int64_t n_classes) {
  static const auto op =
      find_op<at::Tensor(const at::Tensor&, int64_t)>("multilabel_head::sparse_multi_hot");
  return op.call(labels, n_classes);
}

at::Tensor check_logits(const at::Tensor& logits, int64_t n_classes) {
  static const auto op =
      find_op<at::Tensor(const at::Tensor&, int64_t)>("multilabel_head::check_logits");
  return op.call(logits, n_classes);
}

at::Tensor process_labels(const std::optional<at::Tensor>& labels, const at::Tensor& logits,
                          int64_t n_classes) {
  static const auto op =
      find_op<at::Tensor(const std::optional<at::Tensor>&, const at::Tensor&, int64_t)>(
          "multilabel_head::process_labels");
  return op.call(labels, logits, n_classes);
}

at::Tensor reduce_loss(const at::Tensor& unreduced_loss, const at::Tensor& logits,
                       const std::optional<at::Tensor>& weights,
                       const std::optional<std::string>& weight_column,
                       const std::string& loss_reduction, at::TensorList regularization_losses) {
  static const auto op =
      find_op<at::Tensor(const at::Tensor&, const at::Tensor&, const std::optional<at::Tensor>&,
                         std::optional<c10::string_view>, c10::string_view, at::TensorList)>(
          "multilabel_head::reduce_loss");
  return op.call(unreduced_loss, logits, weights, view(weight_column), loss_reduction,
                 regularization_losses);
}

at::Tensor head_loss(const at::Tensor& logits, const std::optional<at::Tensor>& labels,
                     int64_t n_classes, const std::optional<at::Tensor>& weights,
                     const std::optional<std::string>& weight_column,
                     const std::string& loss_reduction, at::TensorList regularization_losses) {
  static const auto op =
      find_op<at::Tensor(const at::Tensor&, const std::optional<at::Tensor>&, int64_t,
                         const std::optional<at::Tensor>&, std::optional<c10::string_view>,
                         c10::string_view, at::TensorList)>("multilabel_head::head_loss");
  return op.call(logits, labels, n_classes, weights, view(weight_column), loss_reduction,
                 regularization_losses);
}

BinnedCounts binned_counts(const at::Tensor& scores, const at::Tensor& labels,
                           const std::optional<at::Tensor>& weights, int64_t num_buckets,
                           const std::vector<double>& thresholds, bool from_logits, bool with_loss,
                           bool with_class_sums) {
  using Result = std::tuple<at::Tensor, at::Tensor, at::Tensor, at::Tensor>;
  static const auto op =
      find_op<Result(const at::Tensor&, const at::Tensor&, const std::optional<at::Tensor>&,
                     int64_t, at::ArrayRef<double>, bool, bool, bool)>(
          "multilabel_head::binned_counts");
  auto [histogram, threshold_counts, class_sums, loss_sums] = op.call(
      scores, labels, weights, num_buckets, thresholds, from_logits, with_loss, with_class_sums);
  return {histogram, threshold_counts, class_sums, loss_sums};
}

}  // namespace multilabel_head::ops
