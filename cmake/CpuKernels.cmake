# Compiles a kernel source once per x86 CPU capability, as ATen does for its own kernels: each copy
# is built with that capability's instruction set and CPU_CAPABILITY set to its name, which puts
# ATen's Vectorized<T> and our kernel in a namespace of that name. The dispatch code picks the copy
# that matches at::get_cpu_capability() at run time, so the library still runs on any x86-64 CPU.
set(MLH_CPU_CAPABILITIES DEFAULT AVX2 AVX512)
set(MLH_CPU_FLAGS_DEFAULT "")
set(MLH_CPU_FLAGS_AVX2 -mavx2 -mfma -mf16c)
# GCC 12 warns falsely inside its own avx512fintrin.h when ATen's 512-bit vectors use it.
set(MLH_CPU_FLAGS_AVX512 -mavx512f -mavx512bw -mavx512vl -mavx512dq -mfma -mf16c
                         -Wno-maybe-uninitialized)

function(mlh_add_cpu_kernels target source)
  get_filename_component(stem "${source}" NAME_WE)
  foreach(capability IN LISTS MLH_CPU_CAPABILITIES)
    set(objects "${target}_${stem}_${capability}")
    add_library(${objects} OBJECT "${source}")
    target_compile_definitions(${objects} PRIVATE CPU_CAPABILITY=${capability}
                                                  CPU_CAPABILITY_${capability})
    target_compile_options(${objects} PRIVATE ${MLH_CPU_FLAGS_${capability}} -Wall -Wextra)
    target_include_directories(${objects} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/csrc)
    target_link_libraries(${objects} PRIVATE torch OpenMP::OpenMP_CXX)
    set_target_properties(${objects} PROPERTIES POSITION_INDEPENDENT_CODE ON
                                                CXX_VISIBILITY_PRESET hidden)
    target_sources(${target} PRIVATE $<TARGET_OBJECTS:${objects}>)
  endforeach()
endfunction()
