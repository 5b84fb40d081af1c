// Compiled once per CPU capability: see sigmoid_cross_entropy_kernel.h. One pass over logits and
// labels per direction, with ATen's Vectorized<T> (SLEEF exp/log1p under AVX2 and AVX512).
#include "ops/cpu/sigmoid_cross_entropy_kernel.h"

#include <algorithm>
#include <atomic>

#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>
#include <ATen/cpu/vec/vec.h>

#include "ops/cpu/vectorized_helpers.h"

namespace multilabel_head::cpu::CPU_CAPABILITY {
namespace {

// Labels are converted this many at a time (labels_as).
constexpr int64_t kBlock = 1024;

template <typename T, typename L>
bool forward_rows(const T* logits, const L* labels, T* loss, int64_t classes, int64_t begin,
                  int64_t end) {
  using Vec = Vectorized<T>;
  T buffer[kBlock];
  ValueRange<T> range;
  for (int64_t row = begin; row < end; ++row) {
    Vec total(T(0));
    for (int64_t start = 0; start < classes; start += kBlock) {
      const int64_t count = std::min(kBlock, classes - start);
      const T* x = logits + row * classes + start;
      const T* z = labels_as(labels + row * classes + start, count, buffer);
      int64_t c = 0;
      for (; c + Vec::size() <= count; c += Vec::size()) {
        const Vec zv = Vec::loadu(z + c);
        total += cross_entropy(Vec::loadu(x + c), zv);
        range.add(zv);
      }
      if (c < count) {
        const int64_t rest = count - c;
        const Vec zv = Vec::loadu(z + c, rest);
        total += Vec::set(Vec(T(0)), cross_entropy(Vec::loadu(x + c, rest), zv), rest);
        range.add(zv);
      }
    }
    loss[row] = sum_lanes(total) / static_cast<T>(classes);
  }
  return range.within_zero_one();
}

template <typename T, typename L>
void backward_rows(const T* grad, const T* logits, const L* labels, T* grad_logits, int64_t classes,
                   int64_t begin, int64_t end) {
  using Vec = Vectorized<T>;
  T buffer[kBlock];
  const auto gradient = [&](const Vec& x, const Vec& z, const Vec& scale) {
    return (sigmoid(x) - z) * scale;
  };
  for (int64_t row = begin; row < end; ++row) {
    const Vec scale(grad[row] / static_cast<T>(classes));
    for (int64_t start = 0; start < classes; start += kBlock) {
      const int64_t count = std::min(kBlock, classes - start);
      const int64_t offset = row * classes + start;
      const T* z = labels_as(labels + offset, count, buffer);
      int64_t c = 0;
      for (; c + Vec::size() <= count; c += Vec::size()) {
        gradient(Vec::loadu(logits + offset + c), Vec::loadu(z + c), scale)
            .store(grad_logits + offset + c);
      }
      if (c < count) {
        const int64_t rest = count - c;
        gradient(Vec::loadu(logits + offset + c, rest), Vec::loadu(z + c, rest), scale)
            .store(grad_logits + offset + c, rest);
      }
    }
  }
}

// Rows per task: about 32768 elements each, ATen's grain size for elementwise work.
int64_t row_grain(int64_t classes) {
  constexpr int64_t kGrainElements = 32768;
  return std::max<int64_t>(1, kGrainElements / std::max<int64_t>(classes, 1));
}

// Calls body.template operator()<logits type, labels type>() for the tensors' dtypes.
template <typename Body>
void dispatch_types(const at::Tensor& logits, const at::Tensor& labels, const Body& body) {
  AT_DISPATCH_FLOATING_TYPES(logits.scalar_type(), "sigmoid_cross_entropy", [&] {
    using logits_t = scalar_t;
    AT_DISPATCH_ALL_TYPES_AND3(at::kBool, at::kHalf, at::kBFloat16, labels.scalar_type(),
                               "sigmoid_cross_entropy_labels",
                               [&] { body.template operator()<logits_t, scalar_t>(); });
  });
}

}  // namespace

bool sigmoid_cross_entropy_kernel(const at::Tensor& logits, const at::Tensor& labels,
                                  at::Tensor& loss) {
  const int64_t classes = logits.size(-1);
  std::atomic<bool> labels_valid{true};
  dispatch_types(logits, labels, [&]<typename T, typename L>() {
    const T* x = logits.const_data_ptr<T>();
    const L* z = labels.const_data_ptr<L>();
    T* out = loss.mutable_data_ptr<T>();
    at::parallel_for(0, loss.numel(), row_grain(classes), [&](int64_t begin, int64_t end) {
      if (!forward_rows(x, z, out, classes, begin, end)) {
        labels_valid = false;
      }
    });
  });
  return labels_valid;
}

void sigmoid_cross_entropy_backward_kernel(const at::Tensor& grad, const at::Tensor& logits,
                                           const at::Tensor& labels, at::Tensor& grad_logits) {
  const int64_t classes = logits.size(-1);
  dispatch_types(logits, labels, [&]<typename T, typename L>() {
    const T* g = grad.const_data_ptr<T>();
    const T* x = logits.const_data_ptr<T>();
    const L* z = labels.const_data_ptr<L>();
    T* out = grad_logits.mutable_data_ptr<T>();
    at::parallel_for(0, grad.numel(), row_grain(classes), [&](int64_t begin, int64_t end) {
      backward_rows(g, x, z, out, classes, begin, end);
    });
  });
}

}  // namespace multilabel_head::cpu::CPU_CAPABILITY
