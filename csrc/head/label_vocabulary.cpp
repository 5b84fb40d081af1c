#include "multilabel_head/label_vocabulary.h"

#include <c10/util/Exception.h>

#include "head/python_repr.h"

namespace multilabel_head {

LabelVocabulary::LabelVocabulary(std::vector<std::string> names) : names_(std::move(names)) {
  ids_.reserve(names_.size());
  for (size_t id = 0; id < names_.size(); ++id) {
    TORCH_CHECK_VALUE(ids_.emplace(names_[id], static_cast<int64_t>(id)).second,
                      "label_vocabulary must not contain duplicates. Given: ",
                      python_repr(names_[id]), " more than once.");
  }
}

std::optional<int64_t> LabelVocabulary::find(std::string_view name) const {
  const auto found = ids_.find(name);
  return found == ids_.end() ? std::nullopt : std::optional<int64_t>(found->second);
}

int64_t LabelVocabulary::id(std::string_view name, int64_t example) const {
  const std::optional<int64_t> found = find(name);
  TORCH_CHECK_VALUE(found.has_value(), "Label ", python_repr(std::string(name)), " of example ",
                    example, " is not in label_vocabulary.");
  return *found;
}

}  // namespace multilabel_head
