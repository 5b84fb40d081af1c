#include "multilabel_head/labels.h"

#include <ATen/ops/tensor.h>
#include <c10/util/Exception.h>

#include "multilabel_head/ops.h"

namespace multilabel_head {

RaggedClassIdsBuilder::RaggedClassIdsBuilder(size_t examples_hint) {
  row_offsets_.reserve(examples_hint + 1);
}

RaggedClassIds RaggedClassIdsBuilder::finish() const {
  return {at::tensor(ids_, at::kLong), at::tensor(row_offsets_, at::kLong)};
}

RaggedClassIds class_ids(const StringLabels& labels, const LabelVocabulary& vocabulary) {
  RaggedClassIdsBuilder builder(labels.size());
  for (const std::vector<std::string>& names : labels) {
    for (const std::string& name : names) {
      builder.add(vocabulary.id(name, builder.examples()));
    }
    builder.end_example();
  }
  return builder.finish();
}

at::Tensor multi_hot_labels(const Labels& labels, int64_t n_classes,
                            const LabelVocabulary* vocabulary) {
  if (const auto* tensor = std::get_if<at::Tensor>(&labels)) {
    const bool sparse = tensor->defined() && tensor->layout() == at::kSparse;
    return sparse ? ops::sparse_multi_hot(*tensor, n_classes) : *tensor;
  }
  if (const auto* ragged = std::get_if<RaggedClassIds>(&labels)) {
    return ops::ragged_multi_hot(ragged->ids, ragged->row_offsets, n_classes);
  }
  TORCH_CHECK_VALUE(vocabulary != nullptr,
                    "String labels need a label_vocabulary to map them to class ids; the head has "
                    "none.");
  const RaggedClassIds ragged = class_ids(std::get<StringLabels>(labels), *vocabulary);
  return ops::ragged_multi_hot(ragged.ids, ragged.row_offsets, n_classes);
}

}  // namespace multilabel_head
