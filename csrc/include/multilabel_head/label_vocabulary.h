#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "multilabel_head/export.h"

namespace multilabel_head {

/// A head's class names and their ids, for string labels: a hash map built once per head.
class MLH_API LabelVocabulary {
 public:
  /// Throws c10::ValueError naming the first duplicate name.
  explicit LabelVocabulary(std::vector<std::string> names);

  int64_t size() const { return static_cast<int64_t>(names_.size()); }
  const std::vector<std::string>& names() const { return names_; }

  /// The id of a name, or none for a name outside the vocabulary.
  std::optional<int64_t> find(std::string_view name) const;
  /// The id of a label of example `example`; an unknown name throws c10::ValueError naming both.
  int64_t id(std::string_view name, int64_t example) const;

 private:
  // Transparent hashing, so string_views look up without building a std::string.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };

  std::vector<std::string> names_;
  std::unordered_map<std::string, int64_t, Hash, std::equal_to<>> ids_;
};

}  // namespace multilabel_head
