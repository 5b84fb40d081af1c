// The shared fixtures (tests/fixtures/head_cases.json), also read by tests/python/test_fixtures.py:
// both faces give the same numbers and the same errors.
#include <fstream>

#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <torch/autograd.h>
#include <nlohmann/json.hpp>

#include "multilabel_head/head.h"

namespace multilabel_head {
namespace {

using nlohmann::json;

const json& cases() {
  static const json parsed = json::parse(std::ifstream(MLH_FIXTURES_DIR "/head_cases.json"));
  return parsed;
}

void flatten(const json& value, std::vector<double>& values, std::vector<int64_t>& shape,
             size_t depth, bool& integral) {
  if (!value.is_array()) {
    values.push_back(value.get<double>());
    integral = integral && value.is_number_integer();
    return;
  }
  if (shape.size() == depth) {
    shape.push_back(static_cast<int64_t>(value.size()));
  }
  for (const json& item : value) {
    flatten(item, values, shape, depth + 1, integral);
  }
}

// Nested JSON lists to a tensor, typed as torch.tensor types Python lists: int64 or float32.
at::Tensor tensor(const json& value) {
  std::vector<double> values;
  std::vector<int64_t> shape;
  bool integral = true;
  flatten(value, values, shape, 0, integral);
  return at::tensor(values, at::kDouble).reshape(shape).to(integral ? at::kLong : at::kFloat);
}

MultiLabelHeadOptions options_from(const json& spec) {
  MultiLabelHeadOptions options(spec.at("n_classes").get<int64_t>());
  if (spec.contains("thresholds")) {
    options.thresholds(spec["thresholds"].get<std::vector<double>>());
  }
  if (spec.contains("label_vocabulary")) {
    options.label_vocabulary(spec["label_vocabulary"].get<std::vector<std::string>>());
  }
  if (spec.contains("head_name")) {
    options.name(spec["head_name"].get<std::string>());
  }
  if (spec.contains("loss_reduction")) {
    options.loss_reduction(loss_reduction_from_string(spec["loss_reduction"].get<std::string>()));
  }
  if (spec.contains("classes_for_class_based_metrics")) {
    const json& classes = spec["classes_for_class_based_metrics"];
    if (!classes.empty() && classes[0].is_string()) {
      options.classes_for_class_based_metrics(classes.get<std::vector<std::string>>());
    } else {
      options.classes_for_class_based_metrics(classes.get<std::vector<int64_t>>());
    }
  }
  return options;
}

// A case with a "weights" key reads them from feature "w"; null means the feature is missing.
std::pair<MultiLabelHead, Features> head_and_features(const json& spec) {
  MultiLabelHeadOptions options = options_from(spec);
  Features features;
  if (spec.contains("weights")) {
    options.weight_column("w");
    if (!spec["weights"].is_null()) {
      features["w"] = tensor(spec["weights"]);
    }
  }
  return {MultiLabelHead(options), features};
}

std::string name_of(const json& spec) { return spec.at("name").get<std::string>(); }

TEST(Fixtures, Loss) {
  for (const json& spec : cases().at("loss")) {
    auto [head, features] = head_and_features(spec);
    std::vector<at::Tensor> regularization;
    for (const json& value : spec.value("regularization_losses", json::array())) {
      regularization.push_back(at::scalar_tensor(value.get<double>()));
    }
    const at::Tensor logits = tensor(spec["logits"]).to(at::kFloat).set_requires_grad(true);
    const at::Tensor loss =
        head->loss(tensor(spec["labels"]), logits, features,
                   regularization.empty() ? std::nullopt : std::make_optional(regularization));
    EXPECT_EQ(loss.dim(), 0) << name_of(spec);
    const double expected = spec["loss"].get<double>();
    EXPECT_NEAR(loss.item<double>(), expected, 1e-5 * std::abs(expected)) << name_of(spec);
    if (spec.contains("logits_grad")) {
      loss.backward();
      EXPECT_TRUE(at::allclose(logits.grad(), tensor(spec["logits_grad"]), 1e-5, 0))
          << name_of(spec);
    }
  }
}

std::optional<std::vector<at::Tensor>> regularization_of(const json& spec) {
  if (!spec.contains("regularization_losses")) {
    return std::nullopt;
  }
  std::vector<at::Tensor> losses;
  for (const json& value : spec["regularization_losses"]) {
    losses.push_back(at::scalar_tensor(value.get<double>()));
  }
  return losses;
}

TEST(Fixtures, Metrics) {
  for (const json& spec : cases().at("metrics")) {
    auto [head, features] = head_and_features(spec);
    const std::optional<std::vector<at::Tensor>> regularization = regularization_of(spec);
    const MetricDict metrics =
        head->update_metrics(head->metrics(regularization), features, tensor(spec["logits"]),
                             tensor(spec["labels"]), regularization);
    const json& expected = spec["expected"];
    EXPECT_EQ(metrics.size(), expected.size()) << name_of(spec);
    for (const auto& [key, value] : expected.items()) {
      ASSERT_TRUE(metrics.count(key)) << name_of(spec) << ": no " << key;
      EXPECT_NEAR(metrics.at(key)->result().item<double>(), value.get<double>(),
                  1e-6 * std::abs(value.get<double>()) + 1e-7)
          << name_of(spec) << ": " << key;
    }
  }
}

TEST(Fixtures, LossErrors) {
  for (const json& spec : cases().at("loss_errors")) {
    auto [head, features] = head_and_features(spec);
    try {
      head->loss(tensor(spec["labels"]), tensor(spec["logits"]), features);
      ADD_FAILURE() << name_of(spec) << ": no error";
    } catch (const c10::ValueError& error) {
      EXPECT_EQ(error.msg().rfind(spec["message"].get<std::string>(), 0), 0u)
          << name_of(spec) << ": " << error.msg();
    }
  }
}

TEST(Fixtures, OptionsErrors) {
  for (const json& spec : cases().at("options_errors")) {
    try {
      MultiLabelHead head(options_from(spec["options"]));
      ADD_FAILURE() << name_of(spec) << ": no error";
    } catch (const c10::ValueError& error) {
      EXPECT_EQ(error.msg(), spec["message"].get<std::string>()) << name_of(spec);
    }
  }
}

TEST(Fixtures, Options) {
  for (const json& spec : cases().at("options")) {
    MultiLabelHead head(options_from(spec["options"]));
    EXPECT_EQ(head->class_ids_for_class_based_metrics(),
              spec["class_ids"].get<std::vector<int64_t>>())
        << name_of(spec);
  }
}

TEST(Fixtures, Predictions) {
  for (const json& spec : cases().at("predictions")) {
    MultiLabelHead head(options_from(spec));
    const Predictions predictions = head->predictions(tensor(spec["logits"]));
    EXPECT_TRUE(at::equal(*predictions.logits, tensor(spec["logits"]))) << name_of(spec);
    EXPECT_TRUE(at::allclose(*predictions.probabilities, tensor(spec["probabilities"]), 1e-6, 1e-7))
        << name_of(spec);
    EXPECT_EQ(*predictions.classes, spec["classes"].get<std::vector<std::vector<std::string>>>())
        << name_of(spec);
  }
}

RaggedClassIds ragged_ids(const json& rows) {
  RaggedClassIdsBuilder builder(rows.size());
  for (const json& row : rows) {
    for (const json& id : row) {
      builder.add(id.get<int64_t>());
    }
    builder.end_example();
  }
  return builder.finish();
}

// A case's ragged labels: "ids" or "names".
Labels ragged_labels(const json& spec) {
  if (spec.contains("ids")) {
    return ragged_ids(spec["ids"]);
  }
  return spec["names"].get<StringLabels>();
}

TEST(Fixtures, LabelFormsGiveOneLoss) {
  for (const json& spec : cases().at("label_forms")) {
    MultiLabelHead head(options_from(spec));
    const at::Tensor logits = tensor(spec["logits"]);
    const double expected = spec["loss"].get<double>();
    for (const Labels& labels : {Labels(tensor(spec["dense"])), Labels(ragged_ids(spec["ids"])),
                                 Labels(spec["names"].get<StringLabels>())}) {
      EXPECT_NEAR(head->loss(labels, logits).item<double>(), expected, 1e-5 * expected)
          << name_of(spec) << " form " << labels.index();
    }
  }
}

TEST(Fixtures, LabelErrors) {
  for (const json& spec : cases().at("label_errors")) {
    MultiLabelHead head(options_from(spec));
    const Labels labels = ragged_labels(spec);
    const int64_t rows =
        spec.value("logits_rows", spec.contains("ids") ? spec["ids"].size() : spec["names"].size());
    try {
      head->loss(labels, at::zeros({rows, spec["n_classes"].get<int64_t>()}));
      ADD_FAILURE() << name_of(spec) << ": no error";
    } catch (const c10::ValueError& error) {
      EXPECT_EQ(error.msg(), spec["message"].get<std::string>()) << name_of(spec);
    }
  }
}

}  // namespace
}  // namespace multilabel_head
