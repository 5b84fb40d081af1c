// Compiled once per CPU capability: see sigmoid_cross_entropy_kernel.h. One pass over logits and
// labels per direction, with ATen's Vectorized<T> (SLEEF exp/log1p under AVX2 and AVX512).
#include "ops/cpu/sigmoid_cross_entropy_kernel.h"

#include <algorithm>
#include <atomic>
#include <type_traits>

#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>
#include <ATen/cpu/vec/vec.h>

namespace multilabel_head::cpu::CPU_CAPABILITY {
namespace {

using at::vec::Vectorized;

// Labels of another dtype than the logits are converted this many at a time into a stack buffer,
// so the math sees one type and the conversion stays in cache.
constexpr int64_t kBlock = 1024;

template <typename T, typename L>
const T* labels_as(const L* labels, int64_t count, T* buffer) {
  if constexpr (std::is_same_v<T, L>) {
    return labels;
  } else if constexpr (std::is_same_v<L, bool>) {
    // Tensors hold bools as bytes 0 and 1; GCC vectorizes the byte conversion, not the bool one.
    return labels_as(reinterpret_cast<const uint8_t*>(labels), count, buffer);
  } else {
    for (int64_t i = 0; i < count; ++i) {
      buffer[i] = static_cast<T>(labels[i]);
    }
    return buffer;
  }
}

// max(x, 0) - x z + log1p(exp(-|x|)): exact for any |x|, no overflow.
template <typename T>
Vectorized<T> cross_entropy(const Vectorized<T>& x, const Vectorized<T>& z) {
  return at::vec::maximum(x, Vectorized<T>(T(0))) - x * z + x.abs().neg().exp().log1p();
}

template <typename T>
T sum_lanes(const Vectorized<T>& v) {
  T lanes[Vectorized<T>::size()];
  v.store(lanes);
  T total = 0;
  for (T lane : lanes) {
    total += lane;
  }
  return total;
}

// Tracks the smallest and largest label seen; NaN propagates through minimum/maximum and fails
// the final range test.
template <typename T>
struct LabelRange {
  Vectorized<T> low{T(0)};
  Vectorized<T> high{T(0)};

  void add(const Vectorized<T>& z) {
    low = at::vec::minimum(low, z);
    high = at::vec::maximum(high, z);
  }
  bool within_zero_one() const {
    T lows[Vectorized<T>::size()];
    T highs[Vectorized<T>::size()];
    low.store(lows);
    high.store(highs);
    return std::all_of(lows, lows + Vectorized<T>::size(), [](T v) { return v >= T(0); }) &&
           std::all_of(highs, highs + Vectorized<T>::size(), [](T v) { return v <= T(1); });
  }
};

template <typename T, typename L>
bool forward_rows(const T* logits, const L* labels, T* loss, int64_t classes, int64_t begin,
                  int64_t end) {
  using Vec = Vectorized<T>;
  T buffer[kBlock];
  LabelRange<T> range;
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
  const Vec one(T(1));
  const auto gradient = [&](const Vec& x, const Vec& z, const Vec& scale) {
    return (one / (one + x.neg().exp()) - z) * scale;
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
