// Zero-filled outputs of many megabytes, mapped in transparent huge pages.
#pragma once

#include <ATen/core/Tensor.h>

namespace multilabel_head::cpu {

/// A zero tensor of `sizes` and `dtype` on the CPU. From 2 MiB up it is a fresh anonymous mapping
/// advised as transparent huge pages: the kernel hands it out zeroed, so nothing clears it, and
/// each 2 MiB page is one page fault instead of 512 (a fresh 50 MB output costs about 25 ms in 4
/// KiB faults on the dev machine, 5 ms in huge pages; PyTorch's THP_MEM_ALLOC_ENABLE does the same
/// for every allocation). Where the kernel has no THP the advice is ignored and the pages are
/// ordinary. Smaller outputs are at::zeros.
at::Tensor huge_page_zeros(at::IntArrayRef sizes, at::ScalarType dtype);

}  // namespace multilabel_head::cpu
