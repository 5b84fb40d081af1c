#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include <ATen/core/Tensor.h>

#include "multilabel_head/export.h"
#include "multilabel_head/label_vocabulary.h"

namespace multilabel_head {

/// Class ids per example, ragged: example r holds ids[row_offsets[r] : row_offsets[r + 1]].
struct RaggedClassIds {
  at::Tensor ids;          // 1-D, any integer dtype
  at::Tensor row_offsets;  // 1-D int64, examples + 1 values rising from 0 to ids.numel()
};

/// Builds RaggedClassIds example by example: add() the ids of an example, then end_example().
class MLH_API RaggedClassIdsBuilder {
 public:
  explicit RaggedClassIdsBuilder(size_t examples_hint = 0);
  void add(int64_t id) { ids_.push_back(id); }
  void end_example() { row_offsets_.push_back(static_cast<int64_t>(ids_.size())); }
  int64_t examples() const { return static_cast<int64_t>(row_offsets_.size()) - 1; }
  RaggedClassIds finish() const;

 private:
  std::vector<int64_t> ids_;
  std::vector<int64_t> row_offsets_{0};
};

/// Class names per example, looked up in the head's label_vocabulary.
using StringLabels = std::vector<std::vector<std::string>>;

/// Every label form of spec section 2: a dense multi-hot tensor, a sparse COO tensor of class ids
/// [D0..DN, max_labels], ragged class ids, or class names. An undefined tensor means no labels.
using Labels = std::variant<at::Tensor, RaggedClassIds, StringLabels>;

/// Ragged ids of class names; an unknown name throws c10::ValueError naming it and its example.
MLH_API RaggedClassIds class_ids(const StringLabels& labels, const LabelVocabulary& vocabulary);

/// The labels as one tensor for the loss: ids and names become bool multi-hot [.., n_classes];
/// dense tensors pass unchanged (the loss checks their shape and values). String labels need a
/// vocabulary.
MLH_API at::Tensor multi_hot_labels(const Labels& labels, int64_t n_classes,
                                    const LabelVocabulary* vocabulary);

}  // namespace multilabel_head
