// CPU kernel of multi_hot: class ids of examples -> bool multi-hot rows, checking every id once.
#include <ATen/Dispatch.h>
#include <ATen/core/Tensor.h>
#include <ATen/ops/zeros.h>
#include <torch/library.h>

namespace multilabel_head::cpu {
namespace {

at::Tensor multi_hot_cpu(const at::Tensor& class_ids, const at::Tensor& example_ids,
                         int64_t num_examples, int64_t n_classes) {
  TORCH_CHECK_VALUE(at::isIntegralType(class_ids.scalar_type(), /*includeBool=*/false),
                    "Labels dtype should be integer. Instead got ", class_ids.scalar_type(), ".");
  TORCH_CHECK_VALUE(
      class_ids.dim() == 1 && example_ids.dim() == 1 && class_ids.numel() == example_ids.numel(),
      "multi_hot expects 1-D class_ids and example_ids of one length, got ", class_ids.sizes(),
      " and ", example_ids.sizes());
  TORCH_CHECK_TYPE(example_ids.scalar_type() == at::kLong, "example_ids must be int64, got ",
                   example_ids.scalar_type());
  TORCH_CHECK_VALUE(num_examples >= 0 && n_classes > 0, "multi_hot expects num_examples >= 0 and ",
                    "n_classes > 0, got ", num_examples, " and ", n_classes);
  at::Tensor multi_hot = at::zeros({num_examples, n_classes}, class_ids.options().dtype(at::kBool));
  bool* out = multi_hot.mutable_data_ptr<bool>();
  const at::Tensor examples = example_ids.contiguous();
  const int64_t* example = examples.const_data_ptr<int64_t>();
  AT_DISPATCH_INTEGRAL_TYPES(class_ids.scalar_type(), "multi_hot", [&] {
    const at::Tensor ids = class_ids.contiguous();
    const scalar_t* id = ids.const_data_ptr<scalar_t>();
    for (int64_t i = 0; i < ids.numel(); ++i) {
      // TF's two range tests give one message, whichever fails.
      TORCH_CHECK_VALUE(id[i] >= 0 && static_cast<int64_t>(id[i]) < n_classes,
                        "labels must be an integer SparseTensor with values in [0, ", n_classes,
                        ")");
      TORCH_CHECK_VALUE(example[i] >= 0 && example[i] < num_examples, "example id ", example[i],
                        " is outside [0, ", num_examples, ")");
      out[example[i] * n_classes + static_cast<int64_t>(id[i])] = true;
    }
  });
  return multi_hot;
}

}  // namespace

TORCH_LIBRARY_IMPL(multilabel_head, CPU, m) { m.impl("multi_hot", &multi_hot_cpu); }

}  // namespace multilabel_head::cpu
