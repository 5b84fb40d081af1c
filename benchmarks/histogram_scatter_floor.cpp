// The floor of the metrics pass's histogram step: one 16-bit counter increment per cell into
// per-class histograms of 199 buckets x (negative, positive), with every slot computed beforehand
// and read from L1, as the fused pass does per block of a row. Buckets follow sigmoid(2 N(0, 1)),
// labels are positive one time in ten, as in bench_metrics.py. Prints ns per cell on one thread.
//
//   g++ -O2 -march=native benchmarks/histogram_scatter_floor.cpp -o /tmp/scatter_floor
//   /tmp/scatter_floor [classes=100]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

int main(int argc, char** argv) {
  const int classes = argc > 1 ? std::atoi(argv[1]) : 100;
  constexpr int kBuckets = 199, kBlockRows = 2048, kCells = 6553600;
  const int rows = kCells / classes;
  std::mt19937 generator(0);
  std::normal_distribution<float> logit(0.0f, 2.0f);
  std::vector<int32_t> slots(static_cast<size_t>(kBlockRows) * classes);
  for (size_t cell = 0; cell < slots.size(); ++cell) {
    const float p = 1.0f / (1.0f + std::exp(-logit(generator)));
    const int bucket = std::max(0, static_cast<int>(std::ceil(p * kBuckets)) - 1);
    slots[cell] =
        static_cast<int32_t>(cell % classes) * 2 * kBuckets + bucket * 2 + (generator() % 10 == 0);
  }
  std::vector<uint16_t> histogram(static_cast<size_t>(classes) * kBuckets * 2);
  for (int repeat = 0; repeat < 5; ++repeat) {
    const auto start = std::chrono::steady_clock::now();
    for (int row = 0; row < rows; ++row) {
      const int32_t* row_slots = slots.data() + static_cast<size_t>(row % kBlockRows) * classes;
      for (int j = 0; j < classes; ++j) {
        ++histogram[row_slots[j]];
      }
    }
    const std::chrono::duration<double, std::nano> elapsed =
        std::chrono::steady_clock::now() - start;
    std::printf("%d classes: %.2f ns/cell (checksum %d)\n", classes, elapsed.count() / kCells,
                histogram[kBuckets]);
  }
}
