// TF's MultiLabelHead.predictions (spec section 4).
#include "multilabel_head/predictions.h"

#include <algorithm>

#include <c10/util/Exception.h>

#include "multilabel_head/ops.h"

namespace multilabel_head {

const std::vector<std::string>& prediction_keys() {
  static const std::vector<std::string> keys{"logits", "probabilities", "classes"};
  return keys;
}

std::vector<std::string> class_names(
    int64_t n_classes, const std::optional<std::vector<std::string>>& label_vocabulary) {
  if (label_vocabulary) {
    return *label_vocabulary;
  }
  std::vector<std::string> names;
  for (int64_t id = 0; id < n_classes; ++id) {
    names.push_back(std::to_string(id));
  }
  return names;
}

Predictions predictions(const at::Tensor& logits, const std::vector<std::string>& class_names,
                        const std::optional<std::vector<std::string>>& keys) {
  const std::vector<std::string>& wanted = keys ? *keys : prediction_keys();
  const auto asked = [&](const std::string& key) {
    return std::find(wanted.begin(), wanted.end(), key) != wanted.end();
  };
  for (const std::string& key : wanted) {
    TORCH_CHECK_VALUE(std::find(prediction_keys().begin(), prediction_keys().end(), key) !=
                          prediction_keys().end(),
                      "Prediction key must be in PredictionKeys, given: ", key,
                      ".Valid prediction keys include ['logits', 'probabilities', 'classes'].");
  }
  const at::Tensor checked = ops::check_logits(logits, static_cast<int64_t>(class_names.size()));
  Predictions result;
  if (asked("logits")) {
    result.logits = checked;
  }
  if (asked("probabilities")) {
    result.probabilities = checked.sigmoid();
  }
  if (asked("classes")) {
    // TF tiles the names [batch_size, 1] with batch_size = D0, whatever the rank of the logits.
    result.classes = std::vector<std::vector<std::string>>(checked.size(0), class_names);
  }
  return result;
}

}  // namespace multilabel_head
