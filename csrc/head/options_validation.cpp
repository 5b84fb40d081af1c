// The constructor checks of TF's MultiLabelHead (spec section 1), in TF's order and wording.
#include "multilabel_head/options_validation.h"

#include <algorithm>
#include <cmath>

#include <c10/util/Exception.h>

#include "head/python_repr.h"
#include "multilabel_head/label_vocabulary.h"

namespace multilabel_head {
namespace {

int64_t check_n_classes(const std::optional<int64_t>& n_classes) {
  TORCH_CHECK_VALUE(n_classes.has_value() && *n_classes > 1,
                    "n_classes must be > 1 for multi-label classification. Given: ",
                    n_classes ? std::to_string(*n_classes) : "None");
  return *n_classes;
}

void check_thresholds(const std::vector<double>& thresholds) {
  for (const double threshold : thresholds) {
    // NaN passes TF's test (both comparisons are false) and would make every metric meaningless.
    TORCH_CHECK_VALUE(threshold > 0.0 && threshold < 1.0,
                      "thresholds must be in (0, 1) range. Given: ", python_repr(threshold));
  }
}

void check_vocabulary(const std::optional<std::vector<std::string>>& vocabulary,
                      int64_t n_classes) {
  if (!vocabulary) {
    return;
  }
  TORCH_CHECK_VALUE(static_cast<int64_t>(vocabulary->size()) == n_classes,
                    "Length of label_vocabulary must be n_classes (", n_classes,
                    "). Given: ", vocabulary->size());
  LabelVocabulary{*vocabulary};  // rejects duplicates
}

void check_loss_fn_args(const std::vector<std::string>& args) {
  const auto has = [&](const std::string& name) {
    return std::find(args.begin(), args.end(), name) != args.end();
  };
  for (const std::string required : {"labels", "logits"}) {
    TORCH_CHECK_VALUE(has(required), "loss_fn must contain argument: ", required,
                      ". Given arguments: ", python_tuple(args));
  }
  std::vector<std::string> unexpected;
  for (const std::string& arg : args) {
    if (arg != "labels" && arg != "logits" && arg != "features" && arg != "loss_reduction") {
      unexpected.push_back(arg);
    }
  }
  TORCH_CHECK_VALUE(unexpected.empty(), "loss_fn has unexpected args: ", python_list(unexpected));
}

std::vector<int64_t> class_ids(const std::vector<int64_t>& ids, int64_t n_classes) {
  for (const int64_t id : ids) {
    TORCH_CHECK_VALUE(id >= 0 && id < n_classes,
                      "All classes_for_class_based_metrics must be in range [0, ", n_classes - 1,
                      "]. Given: ", id);
  }
  return ids;
}

std::vector<int64_t> class_ids(const std::vector<std::string>& names,
                               const std::optional<std::vector<std::string>>& vocabulary) {
  if (names.empty()) {
    return {};
  }
  TORCH_CHECK_VALUE(vocabulary.has_value(),
                    "label_vocabulary must be provided when classes_for_class_based_metrics are "
                    "strings.");
  std::vector<int64_t> ids;
  for (const std::string& name : names) {
    const auto found = std::find(vocabulary->begin(), vocabulary->end(), name);
    TORCH_CHECK_VALUE(found != vocabulary->end(), python_repr(name), " is not in list");
    ids.push_back(found - vocabulary->begin());
  }
  return ids;
}

}  // namespace

std::vector<int64_t> validate_head_arguments(const HeadArguments& arguments) {
  const int64_t n_classes = check_n_classes(arguments.n_classes);
  check_thresholds(arguments.thresholds);
  check_vocabulary(arguments.label_vocabulary, n_classes);
  if (arguments.loss_fn_args) {
    check_loss_fn_args(*arguments.loss_fn_args);
  }
  loss_reduction_from_string(arguments.loss_reduction);
  if (const auto* ids =
          std::get_if<std::vector<int64_t>>(&arguments.classes_for_class_based_metrics)) {
    return class_ids(*ids, n_classes);
  }
  return class_ids(std::get<std::vector<std::string>>(arguments.classes_for_class_based_metrics),
                   arguments.label_vocabulary);
}

std::vector<int64_t> validate_options(const MultiLabelHeadOptions& options) {
  std::optional<std::vector<std::string>> loss_fn_args;
  if (options.loss_fn()) {
    loss_fn_args = std::vector<std::string>{"labels", "logits", "features"};
  }
  return validate_head_arguments({options.n_classes(), options.thresholds(),
                                  options.label_vocabulary(), loss_fn_args,
                                  std::string(to_string(options.loss_reduction())),
                                  options.classes_for_class_based_metrics()});
}

}  // namespace multilabel_head
