// PYBIND11_MODULE(_C): the Python face's entry to the C++ core for what is not a tensor operator.
// Errors keep their c10 type, which torch maps to ValueError / TypeError.
#include <torch/csrc/Exceptions.h>
#include <torch/csrc/utils/pybind.h>

#include "multilabel_head/estimator_spec.h"
#include "multilabel_head/label_vocabulary.h"
#include "multilabel_head/labels.h"
#include "multilabel_head/options_validation.h"
#include "multilabel_head/predictions.h"
#include "multilabel_head/registration.h"
#include "python/metrics_bindings.h"
#include "python/python_label_vocabulary.h"

namespace py = pybind11;

namespace multilabel_head {
namespace {

std::vector<int64_t> validate(std::optional<int64_t> n_classes, std::vector<double> thresholds,
                              std::optional<std::vector<std::string>> label_vocabulary,
                              std::optional<std::vector<std::string>> loss_fn_args,
                              std::string loss_reduction,
                              ClassSelector classes_for_class_based_metrics) {
  HANDLE_TH_ERRORS
  return validate_head_arguments({n_classes, std::move(thresholds), std::move(label_vocabulary),
                                  std::move(loss_fn_args), std::move(loss_reduction),
                                  std::move(classes_for_class_based_metrics)});
  END_HANDLE_TH_ERRORS_PYBIND
}

py::dict predictions_dict(const at::Tensor& logits, const std::vector<std::string>& names,
                          const std::optional<std::vector<std::string>>& keys) {
  HANDLE_TH_ERRORS
  const Predictions computed = predictions(logits, names, keys);
  py::dict result;
  for (const std::string& key : keys.value_or(prediction_keys())) {
    if (key == "logits") {
      result["logits"] = *computed.logits;
    } else if (key == "probabilities") {
      result["probabilities"] = *computed.probabilities;
    } else {
      result["classes"] = *computed.classes;
    }
  }
  return result;
  END_HANDLE_TH_ERRORS_PYBIND
}

std::string type_name(PyObject* object) { return Py_TYPE(object)->tp_name; }

// Walks a list of lists with the CPython API (no intermediate C++ strings), calling
// label(item, example) for every label; it returns the class id.
template <typename Label>
RaggedClassIds ragged(const py::handle& labels, const Label& label) {
  const py::sequence rows = py::reinterpret_borrow<py::sequence>(labels);
  RaggedClassIdsBuilder builder(rows.size());
  for (size_t example = 0; example < rows.size(); ++example) {
    PyObject* row = PySequence_Fast_GET_ITEM(rows.ptr(), example);
    TORCH_CHECK_VALUE(PyList_Check(row) || PyTuple_Check(row),
                      "Ragged labels must be a list of lists of class ids or names; example ",
                      example, " is a ", type_name(row), ".");
    const Py_ssize_t count = PySequence_Fast_GET_SIZE(row);
    PyObject** items = PySequence_Fast_ITEMS(row);
    for (Py_ssize_t i = 0; i < count; ++i) {
      TORCH_CHECK_VALUE(
          !PyList_Check(items[i]) && !PyTuple_Check(items[i]),
          "Ragged labels are nested two levels deep (examples, then labels); example ", example,
          " holds a ", type_name(items[i]), ".");
      builder.add(label(items[i], static_cast<int64_t>(example)));
    }
    builder.end_example();
  }
  return builder.finish();
}

int64_t class_id(PyObject* item, int64_t example) {
  TORCH_CHECK_VALUE(PyLong_Check(item) && !PyBool_Check(item),
                    "Labels dtype should be integer. Instead got ", type_name(item), " in example ",
                    example, ".");
  const long long id = PyLong_AsLongLong(item);
  if (id == -1 && PyErr_Occurred()) {
    throw py::error_already_set();
  }
  return id;
}

// Labels as a list (examples) of lists of class ids or of class names: the first label decides.
std::tuple<at::Tensor, at::Tensor> ragged_labels(const py::list& labels,
                                                 const PythonLabelVocabulary* vocabulary) {
  HANDLE_TH_ERRORS
  PyObject* first = nullptr;
  for (const py::handle row : labels) {
    if ((PyList_Check(row.ptr()) || PyTuple_Check(row.ptr())) &&
        PySequence_Fast_GET_SIZE(row.ptr())) {
      first = PySequence_Fast_GET_ITEM(row.ptr(), 0);
      break;
    }
  }
  RaggedClassIds result;
  if (first != nullptr && PyUnicode_Check(first)) {
    TORCH_CHECK_VALUE(vocabulary != nullptr,
                      "String labels need a label_vocabulary to map them to class ids; the head "
                      "has none.");
    result = ragged(labels, [&](PyObject* item, int64_t example) {
      TORCH_CHECK_VALUE(PyUnicode_Check(item), "String labels must all be str; example ", example,
                        " holds a ", type_name(item), ".");
      return vocabulary->id(item, example);
    });
  } else {
    result = ragged(labels, class_id);
  }
  return {result.ids, result.row_offsets};
  END_HANDLE_TH_ERRORS_PYBIND
}

}  // namespace

PYBIND11_MODULE(_C, m) {
  ensure_registered();
  // c10 errors from any binding of this module become ValueError, TypeError, ... as in torch.
  py::register_local_exception_translator([](std::exception_ptr error) {
    try {
      std::rethrow_exception(error);
    } catch (const c10::Error&) {
      torch::translate_exception_to_python(error);
    }
  });
  bind_metrics(m);
  m.attr("__version__") = MLH_VERSION;
  m.def("validate_head_arguments", &validate, py::arg("n_classes"), py::arg("thresholds"),
        py::arg("label_vocabulary"), py::arg("loss_fn_args"), py::arg("loss_reduction"),
        py::arg("classes_for_class_based_metrics"),
        "Checks MultiLabelHead's arguments as TF does; returns the per-class metric class ids.");
  m.def("predictions", &predictions_dict, py::arg("logits"), py::arg("class_names"),
        py::arg("keys") = std::nullopt, "MultiLabelHead.predictions: a dict of the asked keys.");
  m.def("class_names", &class_names, py::arg("n_classes"), py::arg("label_vocabulary"));
  m.def("prediction_keys", &prediction_keys);
  m.def(
      "mode_name",
      [](const std::string& mode) { return std::string(to_string(mode_from_string(mode))); },
      py::arg("mode"), "TF's name of a mode; ValueError for an unknown one.");
  m.def("check_train_arguments", &check_train_arguments, py::arg("has_optimizer"),
        py::arg("has_train_op_fn"));
  m.def("ragged_labels", &ragged_labels, py::arg("labels"), py::arg("vocabulary"),
        "A list of lists of class ids or names -> (class ids, row offsets) for ragged_multi_hot.");
  py::class_<PythonLabelVocabulary>(m, "LabelVocabulary",
                                    "A head's class names and their ids, built once.")
      .def(py::init([](std::vector<std::string> names) {
             HANDLE_TH_ERRORS
             return std::make_unique<PythonLabelVocabulary>(std::move(names));
             END_HANDLE_TH_ERRORS_PYBIND
           }),
           py::arg("names"))
      .def("__len__", [](const PythonLabelVocabulary& self) { return self.vocabulary().size(); })
      .def_property_readonly(
          "names", [](const PythonLabelVocabulary& self) { return self.vocabulary().names(); })
      .def(
          "find",
          [](const PythonLabelVocabulary& self, const std::string& name) {
            return self.vocabulary().find(name);
          },
          py::arg("name"), "The id of a name, or None.")
      .def("__repr__",
           [](const PythonLabelVocabulary& self) {
             return "LabelVocabulary(" + std::to_string(self.vocabulary().size()) + " names)";
           })
      // Pickling (torch.save, copy.deepcopy of a head) keeps the names and rebuilds the maps.
      .def(py::pickle(
          [](const PythonLabelVocabulary& self) {
            return py::make_tuple(self.vocabulary().names());
          },
          [](const py::tuple& state) {
            return std::make_unique<PythonLabelVocabulary>(
                state[0].cast<std::vector<std::string>>());
          }));
}

}  // namespace multilabel_head
