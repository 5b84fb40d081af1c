#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "multilabel_head/export.h"
#include "multilabel_head/options.h"

namespace multilabel_head {

// The head's arguments as both faces receive them, before any conversion: the Python face passes
// None for a missing n_classes and the loss_fn's argument names found by inspection.
struct HeadArguments {
  std::optional<int64_t> n_classes;
  std::vector<double> thresholds;
  std::optional<std::vector<std::string>> label_vocabulary;
  std::optional<std::vector<std::string>> loss_fn_args;
  std::string loss_reduction;
  ClassSelector classes_for_class_based_metrics;
};

// Checks the arguments in TF's order with TF's wording (c10::ValueError) and returns the class ids
// for the per-class metrics.
MLH_API std::vector<int64_t> validate_head_arguments(const HeadArguments& arguments);

// The same for the C++ options, whose loss_fn always takes (labels, logits, features).
MLH_API std::vector<int64_t> validate_options(const MultiLabelHeadOptions& options);

}  // namespace multilabel_head
