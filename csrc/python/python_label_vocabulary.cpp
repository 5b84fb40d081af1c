#include "python/python_label_vocabulary.h"

#include <bit>
#include <cstring>

namespace py = pybind11;

namespace multilabel_head {
namespace {

// Equal str objects have the same length and the same (canonical, PEP 393) storage kind.
bool same_text(PyObject* a, PyObject* b) {
  const Py_ssize_t length = PyUnicode_GET_LENGTH(a);
  const int kind = PyUnicode_KIND(a);
  return length == PyUnicode_GET_LENGTH(b) && kind == PyUnicode_KIND(b) &&
         std::memcmp(PyUnicode_DATA(a), PyUnicode_DATA(b), length * kind) == 0;
}

}  // namespace

PythonLabelVocabulary::PythonLabelVocabulary(std::vector<std::string> names)
    : vocabulary_(std::move(names)),
      slots_(std::bit_ceil(2 * static_cast<size_t>(vocabulary_.size()) + 1)) {
  const size_t mask = slots_.size() - 1;
  for (int64_t id = 0; id < vocabulary_.size(); ++id) {
    py::str name(vocabulary_.names()[id]);
    const Py_hash_t hash = PyObject_Hash(name.ptr());
    size_t slot = static_cast<size_t>(hash) & mask;
    while (slots_[slot].name) {
      slot = (slot + 1) & mask;
    }
    slots_[slot] = {hash, std::move(name), id};
  }
}

int64_t PythonLabelVocabulary::id(PyObject* name, int64_t example) const {
  const Py_hash_t hash = PyObject_Hash(name);
  if (hash == -1) {
    throw py::error_already_set();
  }
  const size_t mask = slots_.size() - 1;
  for (size_t slot = static_cast<size_t>(hash) & mask; slots_[slot].name;
       slot = (slot + 1) & mask) {
    const Slot& entry = slots_[slot];
    if (entry.hash == hash && (entry.name.ptr() == name || same_text(entry.name.ptr(), name))) {
      return entry.id;
    }
  }
  Py_ssize_t size = 0;
  const char* text = PyUnicode_AsUTF8AndSize(name, &size);
  if (text == nullptr) {
    throw py::error_already_set();
  }
  return vocabulary_.id(std::string_view(text, size), example);
}

}  // namespace multilabel_head
