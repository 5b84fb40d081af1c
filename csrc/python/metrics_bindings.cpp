// The metric classes and the head's metrics for Python: the C++ objects themselves, so a dict from
// head.metrics() is what update_metrics feeds. result() covers every rank of a torch.distributed
// job (python/multilabel_head/_distributed.py exchanges the states).
#include <torch/csrc/autograd/python_variable.h>
#include <torch/csrc/utils/pybind.h>

#include "multilabel_head/head_metrics.h"
#include "multilabel_head/metrics/auc.h"
#include "multilabel_head/metrics/confusion_metrics.h"
#include "multilabel_head/metrics/mean.h"
#include "python/metrics_bindings.h"

namespace py = pybind11;

namespace multilabel_head {
namespace {

using metrics::AUC;
using metrics::AUCOptions;
using metrics::Metric;
using metrics::StateDict;
using metrics::StateReduction;

// Tensors as given; NumPy arrays converted as the head converts them; anything else a TypeError.
at::Tensor tensor_arg(const py::handle& value, const char* name) {
  if (THPVariable_Check(value.ptr())) {
    return THPVariable_Unpack(value.ptr());
  }
  return py::module_::import("multilabel_head._tensors")
      .attr("as_tensor")(value, name)
      .cast<at::Tensor>();
}

std::optional<at::Tensor> optional_tensor_arg(const py::handle& value, const char* name) {
  return value.is_none() ? std::nullopt : std::optional<at::Tensor>(tensor_arg(value, name));
}

at::Tensor synced_result(const Metric& self) {
  const py::object synced =
      py::module_::import("multilabel_head._distributed")
          .attr("synced_state")(self.state_dict(),
                                self.state_reduction() == StateReduction::kSum ? "sum" : "cat");
  return synced.is_none() ? self.result() : self.result_of(synced.cast<StateDict>());
}

// update(labels, predictions, weights=None) of the metrics that compare labels and predictions.
template <typename M>
void labelled_update(M& self, const py::handle& labels, const py::handle& predictions,
                     const py::handle& weights) {
  self.update(tensor_arg(labels, "labels"), tensor_arg(predictions, "predictions"),
              optional_tensor_arg(weights, "weights"));
}

std::vector<double> thresholds_arg(const py::handle& thresholds) {
  if (thresholds.is_none()) {
    return {0.5};
  }
  if (py::isinstance<py::float_>(thresholds) || py::isinstance<py::int_>(thresholds)) {
    return {thresholds.cast<double>()};
  }
  return thresholds.cast<std::vector<double>>();
}

py::tuple curve_tuple(const AUC& self) {
  const metrics::Curve points = self.curve();
  return py::make_tuple(points.x, points.y, points.thresholds);
}

void bind_metric_classes(py::module_& m) {
  py::class_<Metric, std::shared_ptr<Metric>>(m, "Metric", "A streaming metric.")
      .def("result", &synced_result,
           "The value over all data accumulated (on every rank of a torch.distributed job).")
      .def("result_of", &Metric::result_of, py::arg("state"),
           "The value a state (from state_dict()) would give.")
      .def("reset", &Metric::reset)
      .def("merge", &Metric::merge, py::arg("other"),
           "Adds what a metric of the same configuration accumulated.")
      .def("state_dict", &Metric::state_dict)
      .def("load_state_dict", &Metric::load_state_dict, py::arg("state_dict"))
      .def_property_readonly("state_reduction",
                             [](const Metric& self) {
                               return self.state_reduction() == StateReduction::kSum ? "sum"
                                                                                     : "cat";
                             })
      .def("__repr__", &Metric::config);
  py::class_<metrics::Mean, Metric, std::shared_ptr<metrics::Mean>>(
      m, "Mean", "Keras's Mean: sum(weights * values) / sum(weights).")
      .def(py::init<>())
      .def(
          "update",
          [](metrics::Mean& self, const py::handle& values, const py::handle& weights) {
            self.update(tensor_arg(values, "values"), optional_tensor_arg(weights, "weights"));
          },
          py::arg("values"), py::arg("weights") = py::none());
  py::class_<metrics::ThresholdMetric, Metric, std::shared_ptr<metrics::ThresholdMetric>>(
      m, "ThresholdMetric")
      .def("update", &labelled_update<metrics::ThresholdMetric>, py::arg("labels"),
           py::arg("predictions"), py::arg("weights") = py::none())
      .def_property_readonly("thresholds", &metrics::ThresholdMetric::thresholds);
  py::class_<metrics::Precision, metrics::ThresholdMetric, std::shared_ptr<metrics::Precision>>(
      m, "Precision", "Keras's Precision(thresholds=None): tp / (tp + fp) at p > threshold.")
      .def(py::init([](const py::handle& thresholds) {
             return std::make_shared<metrics::Precision>(thresholds_arg(thresholds));
           }),
           py::arg("thresholds") = py::none());
  py::class_<metrics::Recall, metrics::ThresholdMetric, std::shared_ptr<metrics::Recall>>(
      m, "Recall", "Keras's Recall(thresholds=None): tp / (tp + fn) at p > threshold.")
      .def(py::init([](const py::handle& thresholds) {
             return std::make_shared<metrics::Recall>(thresholds_arg(thresholds));
           }),
           py::arg("thresholds") = py::none());
  py::class_<metrics::BinaryAccuracy, metrics::ThresholdMetric,
             std::shared_ptr<metrics::BinaryAccuracy>>(
      m, "BinaryAccuracy", "Keras's BinaryAccuracy(threshold=0.5): share of labels == (p > t).")
      .def(py::init<double>(), py::arg("threshold") = 0.5);
  py::class_<AUC, Metric, std::shared_ptr<AUC>>(
      m, "AUC", "Keras's AUC; num_thresholds=None is exact (scikit-learn's numbers).")
      .def(py::init([](std::optional<int64_t> num_thresholds, std::string curve,
                       std::string summation_method, bool multi_label,
                       std::optional<int64_t> num_labels,
                       std::optional<std::vector<double>> label_weights, bool from_logits) {
             return std::make_shared<AUC>(AUCOptions()
                                              .num_thresholds(num_thresholds)
                                              .curve(std::move(curve))
                                              .summation_method(std::move(summation_method))
                                              .multi_label(multi_label)
                                              .num_labels(num_labels)
                                              .label_weights(std::move(label_weights))
                                              .from_logits(from_logits));
           }),
           py::arg("num_thresholds") = 200, py::arg("curve") = "ROC",
           py::arg("summation_method") = "interpolation", py::arg("multi_label") = false,
           py::arg("num_labels") = py::none(), py::arg("label_weights") = py::none(),
           py::arg("from_logits") = false)
      .def("update", &labelled_update<AUC>, py::arg("labels"), py::arg("predictions"),
           py::arg("weights") = py::none())
      .def("curve", &curve_tuple,
           "(x, y, thresholds): ROC gives (false positive rate, true positive rate), PR gives "
           "(recall, precision).");
}

void bind_head_metrics(py::module_& m) {
  py::class_<HeadMetricsSpec>(m, "HeadMetricsSpec")
      .def(py::init([](int64_t n_classes, std::vector<double> thresholds,
                       std::vector<int64_t> class_ids,
                       std::optional<std::vector<std::string>> label_vocabulary,
                       std::optional<std::string> name) {
             return HeadMetricsSpec{n_classes, std::move(thresholds), std::move(class_ids),
                                    std::move(label_vocabulary), std::move(name)};
           }),
           py::arg("n_classes"), py::arg("thresholds"), py::arg("class_ids"),
           py::arg("label_vocabulary"), py::arg("name"));
  m.def("head_metrics", &head_metrics, py::arg("spec"), py::arg("with_regularization"));
  m.def(
      "update_head_metrics",
      [](const MetricDict& metrics, const HeadMetricsSpec& spec, const at::Tensor& logits,
         std::optional<at::Tensor> labels, std::optional<at::Tensor> weights,
         std::optional<std::string> weight_column, std::optional<at::Tensor> unreduced_loss,
         std::optional<std::vector<at::Tensor>> regularization_losses) {
        update_head_metrics(
            metrics, spec,
            {logits, std::move(labels), std::move(weights), std::move(weight_column),
             std::move(unreduced_loss), std::move(regularization_losses)});
      },
      py::arg("metrics"), py::arg("spec"), py::arg("logits"), py::arg("labels"), py::arg("weights"),
      py::arg("weight_column"), py::arg("unreduced_loss"), py::arg("regularization_losses"));
}

}  // namespace

void bind_metrics(py::module_& m) {
  bind_metric_classes(m);
  bind_head_metrics(m);
}

}  // namespace multilabel_head
