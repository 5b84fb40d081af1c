// TF's SparseTensor labels (spec section 2.2): a sparse COO tensor whose values are class ids (its
// last index is a position, not a class) becomes example ids for multi_hot; duplicates are allowed
// and empty examples are fine.
#include <vector>

#include <ATen/core/Tensor.h>
#include <ATen/ops/zeros.h>
#include <torch/library.h>

#include "multilabel_head/ops.h"
#include "ops/composite/composite.h"

namespace multilabel_head::composite {

namespace {

at::Tensor sparse_multi_hot(const at::Tensor& labels, int64_t n_classes) {
  TORCH_CHECK_TYPE(labels.layout() == at::kSparse,
                   "sparse_multi_hot expects a sparse COO tensor, got ", labels.layout());
  TORCH_CHECK_VALUE(labels.sparse_dim() == labels.dim() && labels.dim() >= 1,
                    "sparse labels must be [D0, ..., DN, max_labels] with every dimension sparse");
  // The example of an entry is its index without the last (position) axis, in row-major order.
  const at::Tensor indices = labels._indices();
  std::vector<int64_t> example_shape(labels.sizes().begin(), labels.sizes().end() - 1);
  at::Tensor examples = at::zeros({indices.size(1)}, indices.options());
  int64_t num_examples = 1;
  for (int64_t axis = static_cast<int64_t>(example_shape.size()) - 1; axis >= 0; --axis) {
    examples = examples.add(indices[axis].mul(num_examples));
    num_examples *= example_shape[axis];
  }
  at::Tensor multi_hot = ops::multi_hot(labels._values(), examples, num_examples, n_classes);
  example_shape.push_back(n_classes);
  return multi_hot.reshape(example_shape);
}

}  // namespace

TORCH_LIBRARY_IMPL(multilabel_head, CompositeImplicitAutograd, m) {
  m.impl("sparse_multi_hot", &sparse_multi_hot);
}

}  // namespace multilabel_head::composite
