#pragma once

// Pieces shared by the kernels compiled per CPU capability. Include only from such a kernel source:
// everything lands in the namespace named after the capability being compiled.

#include <algorithm>
#include <cstdint>
#include <type_traits>

#include <ATen/cpu/vec/vec.h>

namespace multilabel_head::cpu::CPU_CAPABILITY {

using at::vec::Vectorized;

// Labels of another dtype than the scores are converted a block at a time into a stack buffer, so
// the math sees one type and the conversion stays in cache.
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

// log1p(e) for e in [0, 1], the cross-entropy's only argument range: 2 atanh(s) with
// s = e / (2 + e) <= 1/3, whose odd series to s^15 is exact to float rounding: a third of the cost
// of the general log1p, for float; double keeps the general one.
template <typename T>
Vectorized<T> log1p_unit(const Vectorized<T>& e) {
  if constexpr (std::is_same_v<T, float>) {
    const Vectorized<float> s = e / (Vectorized<float>(2.0f) + e);
    const Vectorized<float> s2 = s * s;
    Vectorized<float> series(1.0f / 15);
    for (const float coefficient :
         {1.0f / 13, 1.0f / 11, 1.0f / 9, 1.0f / 7, 1.0f / 5, 1.0f / 3, 1.0f}) {
      series = at::vec::fmadd(series, s2, Vectorized<float>(coefficient));
    }
    return Vectorized<float>(2.0f) * s * series;
  } else {
    return e.log1p();
  }
}

// max(x, 0) - x z + log1p(exp(-|x|)): exact for any |x|, no overflow.
template <typename T>
Vectorized<T> cross_entropy(const Vectorized<T>& x, const Vectorized<T>& z) {
  return at::vec::maximum(x, Vectorized<T>(T(0))) - x * z + log1p_unit(x.abs().neg().exp());
}

// cross_entropy given exp(-x): exp(-|x|) is exp(-x) for x >= 0 and its reciprocal below (0 when
// exp(-x) overflows, as exp(x) underflows), which saves an exp.
template <typename T>
Vectorized<T> cross_entropy_from(const Vectorized<T>& x, const Vectorized<T>& z,
                                 const Vectorized<T>& exp_neg_x) {
  const Vectorized<T> zero(T(0));
  const Vectorized<T> exp_neg_abs =
      Vectorized<T>::blendv(exp_neg_x, Vectorized<T>(T(1)) / exp_neg_x, x < zero);
  return at::vec::maximum(x, zero) - x * z + log1p_unit(exp_neg_abs);
}

// 1 / (1 + exp(-x)) given exp(-x): the formula of ATen's vectorized sigmoid, so probabilities
// match torch.sigmoid's bit for bit.
template <typename T>
Vectorized<T> sigmoid_from(const Vectorized<T>& exp_neg_x) {
  const Vectorized<T> one(T(1));
  return one / (one + exp_neg_x);
}

template <typename T>
Vectorized<T> sigmoid(const Vectorized<T>& x) {
  return sigmoid_from(x.neg().exp());
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

// Tracks the smallest and largest value seen; NaN propagates through minimum/maximum and fails the
// final range test.
template <typename T>
struct ValueRange {
  Vectorized<T> low{T(0)};
  Vectorized<T> high{T(0)};

  void add(const Vectorized<T>& v) {
    low = at::vec::minimum(low, v);
    high = at::vec::maximum(high, v);
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

}  // namespace multilabel_head::cpu::CPU_CAPABILITY
