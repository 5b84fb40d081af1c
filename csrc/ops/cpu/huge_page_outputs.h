// Outputs of many megabytes, mapped in transparent huge pages.
#pragma once

#include <ATen/core/Tensor.h>

namespace multilabel_head::cpu {

// Below 32 MiB these are at::empty / at::zeros: glibc's malloc keeps freed blocks of that size for
// reuse (its mmap threshold rises to at most 32 MiB), so such outputs come back warm. From 32 MiB
// malloc maps fresh memory on every call, in 4 KiB pages, each a page fault (about 25 ms for 50 MB
// on the dev machine, more than the kernels' own work); there these are a fresh mapping advised as
// transparent huge pages, one fault per 2 MiB (about 5 ms for 50 MB), which the kernel hands out
// zeroed. PyTorch's THP_MEM_ALLOC_ENABLE gives every allocation the advice. Without THP the advice
// is ignored and the pages are ordinary. The mappings bypass c10's CPU allocator, so the profiler's
// memory records do not count them.

/// An uninitialized CPU tensor of `sizes` and `dtype`.
at::Tensor huge_page_empty(at::IntArrayRef sizes, at::ScalarType dtype);
/// A zero CPU tensor of `sizes` and `dtype`; from 32 MiB nothing clears it: it is fresh.
at::Tensor huge_page_zeros(at::IntArrayRef sizes, at::ScalarType dtype);

}  // namespace multilabel_head::cpu
