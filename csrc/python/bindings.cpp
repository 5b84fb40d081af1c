// PYBIND11_MODULE(_C): the Python face's entry to the C++ core for what is not a tensor operator.
// Errors keep their c10 type, which torch maps to ValueError / TypeError.
#include <torch/csrc/Exceptions.h>
#include <torch/csrc/utils/pybind.h>

#include "multilabel_head/options_validation.h"
#include "multilabel_head/predictions.h"
#include "multilabel_head/registration.h"

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

}  // namespace

PYBIND11_MODULE(_C, m) {
  ensure_registered();
  m.attr("__version__") = MLH_VERSION;
  m.def("validate_head_arguments", &validate, py::arg("n_classes"), py::arg("thresholds"),
        py::arg("label_vocabulary"), py::arg("loss_fn_args"), py::arg("loss_reduction"),
        py::arg("classes_for_class_based_metrics"),
        "Checks MultiLabelHead's arguments as TF does; returns the per-class metric class ids.");
  m.def("predictions", &predictions_dict, py::arg("logits"), py::arg("class_names"),
        py::arg("keys") = std::nullopt, "MultiLabelHead.predictions: a dict of the asked keys.");
  m.def("class_names", &class_names, py::arg("n_classes"), py::arg("label_vocabulary"));
  m.def("prediction_keys", &prediction_keys);
}

}  // namespace multilabel_head
