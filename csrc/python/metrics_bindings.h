#pragma once

#include <torch/csrc/utils/pybind.h>

namespace multilabel_head {

// Adds the metric classes and the head's metric functions to the _C module.
void bind_metrics(pybind11::module_& m);

}  // namespace multilabel_head
