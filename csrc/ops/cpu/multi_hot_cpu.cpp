// CPU kernels of multi_hot and ragged_multi_hot: class ids -> bool multi-hot rows, checking every
// id once.
#include <atomic>

#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>
#include <ATen/core/Tensor.h>
#include <torch/library.h>

#include "ops/cpu/huge_page_outputs.h"

namespace multilabel_head::cpu {
namespace {

void check_class_id_dtype(const at::Tensor& class_ids) {
  TORCH_CHECK_VALUE(at::isIntegralType(class_ids.scalar_type(), /*includeBool=*/false),
                    "Labels dtype should be integer. Instead got ", class_ids.scalar_type(), ".");
}

[[noreturn]] void fail_class_id_range(int64_t n_classes) {
  // TF's two range tests give one message, whichever fails.
  TORCH_CHECK_VALUE(false, "labels must be an integer SparseTensor with values in [0, ", n_classes,
                    ")");
}

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
  at::Tensor multi_hot = huge_page_zeros({num_examples, n_classes}, at::kBool);
  bool* out = multi_hot.mutable_data_ptr<bool>();
  const at::Tensor examples = example_ids.contiguous();
  const int64_t* example = examples.const_data_ptr<int64_t>();
  AT_DISPATCH_INTEGRAL_TYPES(class_ids.scalar_type(), "multi_hot", [&] {
    const at::Tensor ids = class_ids.contiguous();
    const scalar_t* id = ids.const_data_ptr<scalar_t>();
    for (int64_t i = 0; i < ids.numel(); ++i) {
      if (id[i] < 0 || static_cast<int64_t>(id[i]) >= n_classes) {
        fail_class_id_range(n_classes);
      }
      TORCH_CHECK_VALUE(example[i] >= 0 && example[i] < num_examples, "example id ", example[i],
                        " is outside [0, ", num_examples, ")");
      out[example[i] * n_classes + static_cast<int64_t>(id[i])] = true;
    }
  });
  return multi_hot;
}

// One pass over a zero tensor, parallel over examples, so both cores take the page faults of a
// fresh output.
at::Tensor ragged_multi_hot_cpu(const at::Tensor& class_ids, const at::Tensor& row_offsets,
                                int64_t n_classes) {
  check_class_id_dtype(class_ids);
  TORCH_CHECK_VALUE(class_ids.dim() == 1, "class_ids must be 1-D, got shape ", class_ids.sizes());
  TORCH_CHECK_VALUE(
      row_offsets.dim() == 1 && row_offsets.numel() >= 1 && row_offsets.scalar_type() == at::kLong,
      "row_offsets must be a 1-D int64 tensor of rows + 1 offsets, got ", row_offsets.scalar_type(),
      " of shape ", row_offsets.sizes());
  TORCH_CHECK_VALUE(n_classes > 0, "n_classes must be positive, got ", n_classes);
  const int64_t rows = row_offsets.numel() - 1;
  const at::Tensor offsets = row_offsets.contiguous();
  const int64_t* offset = offsets.const_data_ptr<int64_t>();
  TORCH_CHECK_VALUE(offset[0] == 0 && offset[rows] == class_ids.numel(),
                    "row_offsets must rise from 0 to the number of class ids (", class_ids.numel(),
                    ")");
  at::Tensor multi_hot = huge_page_zeros({rows, n_classes}, at::kBool);
  bool* out = multi_hot.mutable_data_ptr<bool>();
  std::atomic<bool> offsets_rise{true};
  std::atomic<bool> ids_in_range{true};
  AT_DISPATCH_INTEGRAL_TYPES(class_ids.scalar_type(), "ragged_multi_hot", [&] {
    const at::Tensor ids = class_ids.contiguous();
    const scalar_t* id = ids.const_data_ptr<scalar_t>();
    const int64_t grain = std::max<int64_t>(1, 65536 / n_classes);
    at::parallel_for(0, rows, grain, [&](int64_t begin, int64_t end) {
      for (int64_t row = begin; row < end; ++row) {
        bool* row_out = out + row * n_classes;
        if (offset[row] > offset[row + 1]) {
          offsets_rise = false;
          continue;
        }
        for (int64_t i = offset[row]; i < offset[row + 1]; ++i) {
          if (id[i] < 0 || static_cast<int64_t>(id[i]) >= n_classes) {
            ids_in_range = false;
            continue;
          }
          row_out[static_cast<int64_t>(id[i])] = true;
        }
      }
    });
  });
  TORCH_CHECK_VALUE(offsets_rise, "row_offsets must rise from 0 to the number of class ids (",
                    class_ids.numel(), ")");
  if (!ids_in_range) {
    fail_class_id_range(n_classes);
  }
  return multi_hot;
}

}  // namespace

TORCH_LIBRARY_IMPL(multilabel_head, CPU, m) {
  m.impl("multi_hot", &multi_hot_cpu);
  m.impl("ragged_multi_hot", &ragged_multi_hot_cpu);
}

}  // namespace multilabel_head::cpu
