#pragma once

// Picks, once, the copy of a kernel compiled for the CPU capability ATen chose (it honours
// ATEN_CPU_CAPABILITY), so our kernels and ATen's use the same instruction set.

#include <string>

#include <ATen/Version.h>

namespace multilabel_head::cpu {

template <typename Kernel>
Kernel for_cpu_capability(Kernel default_copy, Kernel avx2_copy, Kernel avx512_copy) {
  const std::string capability = at::get_cpu_capability();
  if (capability == "AVX512") {
    return avx512_copy;
  }
  return capability == "AVX2" ? avx2_copy : default_copy;
}

}  // namespace multilabel_head::cpu
