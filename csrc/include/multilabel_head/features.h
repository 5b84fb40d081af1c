#pragma once

#include <string>
#include <unordered_map>

#include <ATen/core/Tensor.h>

namespace multilabel_head {

// The features dict of an Estimator model_fn: the head reads its weight column from it.
using Features = std::unordered_map<std::string, at::Tensor>;

}  // namespace multilabel_head
