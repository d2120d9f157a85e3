#include "detect/scan/byte_kernels.hpp"

#include <vector>

namespace dlp {

// One table per instruction set the build holds (sensor/CMakeLists.txt).
#if defined(__x86_64__)
namespace sse2 {
extern const ByteKernels kernels;
}
namespace avx2 {
extern const ByteKernels kernels;
}
namespace avx512 {
extern const ByteKernels kernels;
}
#else
namespace portable {
extern const ByteKernels kernels;
}
#endif

namespace {

// Best last.
std::vector<const ByteKernels*> runnable() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  std::vector<const ByteKernels*> sets{&sse2::kernels};
  if (__builtin_cpu_supports("avx2")) sets.push_back(&avx2::kernels);
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")) sets.push_back(&avx512::kernels);
  return sets;
#else
  return {&portable::kernels};
#endif
}

}  // namespace

std::span<const ByteKernels* const> runnable_byte_kernels() {
  static const std::vector<const ByteKernels*> sets = runnable();  // what the CPU runs does not change
  return sets;
}

const ByteKernels& best_byte_kernels() { return *runnable_byte_kernels().back(); }

}  // namespace dlp
