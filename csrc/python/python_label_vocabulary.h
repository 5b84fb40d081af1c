#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <torch/csrc/utils/pybind.h>

#include "multilabel_head/label_vocabulary.h"

namespace multilabel_head {

// The core's vocabulary plus a table from Python str objects to ids, for string labels given as
// lists. str objects cache their hash, so a lookup hashes no text; the table keeps the vocabulary's
// own str objects, so a label that is one of them matches by pointer and any other str by content.
// A miss goes to the core, which raises its error naming the label and its example.
class PythonLabelVocabulary {
 public:
  explicit PythonLabelVocabulary(std::vector<std::string> names);

  const LabelVocabulary& vocabulary() const { return vocabulary_; }
  /// The id of `name`, a str, given as a label of example `example`.
  int64_t id(PyObject* name, int64_t example) const;

 private:
  struct Slot {
    Py_hash_t hash = 0;
    pybind11::object name;  // the vocabulary's own str; none: an empty slot
    int64_t id = 0;
  };

  LabelVocabulary vocabulary_;
  std::vector<Slot> slots_;  // open addressing, a power of two at most half full
};

}  // namespace multilabel_head
