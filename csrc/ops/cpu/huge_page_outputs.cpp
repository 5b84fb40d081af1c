#include "ops/cpu/huge_page_outputs.h"

#include <ATen/EmptyTensor.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/zeros.h>
#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>
#include <c10/util/Exception.h>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace multilabel_head::cpu {
namespace {

constexpr size_t kHugePage = size_t{2} << 20;
constexpr size_t kFreshMappingBytes = size_t{32} << 20;

#if defined(__linux__)

size_t round_up(size_t bytes) { return (bytes + kHugePage - 1) / kHugePage * kHugePage; }

struct Mapping {
  void* start;
  size_t length;
};

void unmap(void* context) {
  const Mapping* mapping = static_cast<const Mapping*>(context);
  munmap(mapping->start, mapping->length);
  delete mapping;
}

// Maps whole huge pages at a 2 MiB boundary (mapping one page more, then trimming both ends), so
// the kernel can back every page with one huge page. Storage resizes of a tensor made here come
// back through allocate() too.
class HugePageAllocator final : public c10::Allocator {
 public:
  c10::DataPtr allocate(size_t bytes) override {
    if (bytes < kFreshMappingBytes) {
      return c10::GetCPUAllocator()->allocate(bytes);
    }
    const size_t length = round_up(bytes);
    void* mapped = mmap(nullptr, length + kHugePage, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    TORCH_CHECK_WITH(OutOfMemoryError, mapped != MAP_FAILED, "could not map ", bytes,
                     " bytes for a multilabel_head output");
    char* base = static_cast<char*>(mapped);
    char* mapped_end = base + length + kHugePage;
    char* start = base + (kHugePage - reinterpret_cast<uintptr_t>(base) % kHugePage) % kHugePage;
    if (start != base) {
      munmap(base, start - base);
    }
    if (start + length != mapped_end) {
      munmap(start + length, mapped_end - (start + length));
    }
    madvise(start, length, MADV_HUGEPAGE);  // advice only: without THP the pages are 4 KiB
    return {start, new Mapping{start, length}, &unmap, c10::Device(c10::kCPU)};
  }

  void copy_data(void* destination, const void* source, size_t bytes) const override {
    default_copy_data(destination, source, bytes);
  }
};

#endif

// The fresh mapping, or an undefined tensor below 32 MiB.
at::Tensor fresh_mapping([[maybe_unused]] at::IntArrayRef sizes,
                         [[maybe_unused]] at::ScalarType dtype) {
#if defined(__linux__)
  static HugePageAllocator allocator;
  if (c10::multiply_integers(sizes) * c10::elementSize(dtype) >= kFreshMappingBytes) {
    return at::detail::empty_generic(sizes, &allocator, c10::DispatchKeySet(c10::DispatchKey::CPU),
                                     dtype, std::nullopt);
  }
#endif
  return {};
}

}  // namespace

at::Tensor huge_page_empty(at::IntArrayRef sizes, at::ScalarType dtype) {
  at::Tensor mapped = fresh_mapping(sizes, dtype);
  return mapped.defined() ? mapped : at::empty(sizes, at::TensorOptions(dtype));
}

at::Tensor huge_page_zeros(at::IntArrayRef sizes, at::ScalarType dtype) {
  at::Tensor mapped = fresh_mapping(sizes, dtype);
  return mapped.defined() ? mapped : at::zeros(sizes, at::TensorOptions(dtype));
}

}  // namespace multilabel_head::cpu
