// Compiled once per CPU capability: see binned_counts_kernel.h. Per block of a row, a vector stage
// computes the probabilities (and the cross-entropy), tracks the value ranges and, for float32
// scores with one weight per row, counts the thresholds in vector lanes and computes every cell's
// histogram slot; a scalar stage then adds the cells into their slots. Value ranges are checked
// once per task: out-of-range values only ever reach clamped slots, and a failed task's counts
// are discarded by the caller.
#include "ops/cpu/binned_counts_kernel.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>

#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>
#include <ATen/cpu/vec/vec.h>

#include "ops/cpu/vectorized_helpers.h"

namespace multilabel_head::cpu::CPU_CAPABILITY {
namespace {

constexpr int64_t kBlock = 256;  // columns per vector stage
constexpr int kCounters = 5;     // per threshold: tp, fp, tn, fn, matches
// Float lanes count exactly up to 2^24; unit-weight lane counts are flushed before.
constexpr int64_t kFlushCells = int64_t{1} << 23;

// The counters one task fills: its histogram and class sums start at its first column.
template <typename W>
struct TaskCounters {
  W* histogram;
  double* class_sums;  // null: not asked for
  std::vector<W> threshold_counts;
  double loss_sum = 0;
  double loss_weight = 0;
};

// Keras's bucket of a float32 probability, max(0, ceil(p * num_buckets) - 1), kept in range for
// values the task will reject anyway (NaN, above 1).
inline int64_t bucket(float p, float num_buckets, int64_t buckets) {
  const float index = std::ceil(p * num_buckets) - 1.0f;
  return index > 0.0f ? std::min(static_cast<int64_t>(index), buckets - 1) : 0;
}

// Lane counts of the vectorized path: the cells' positives and, per threshold, the predicted
// positives, the true positives and the predicted cells labelled exactly 1.
struct LaneCounts {
  explicit LaneCounts(size_t thresholds) : per_threshold(3 * thresholds) { clear(); }

  void clear() {
    std::fill(per_threshold.begin(), per_threshold.end(), Vectorized<float>(0.0f));
    positives = Vectorized<float>(0.0f);
    cells = 0;
  }

  std::vector<Vectorized<float>> per_threshold;
  Vectorized<float> positives;
  int64_t cells;
};

// Unit-weight histogram counts in 16 bits, a quarter of the int64 histogram's cache footprint. A
// counter grows by at most one per row, so a flush every 65535 rows keeps them exact.
struct CompactHistogram {
  static constexpr int64_t kRows = 65535;

  explicit CompactHistogram(int64_t size) : counts(size) {}

  template <typename W>
  void flush_into(W* histogram) {
    for (size_t i = 0; i < counts.size(); ++i) {
      histogram[i] += static_cast<W>(counts[i]);
    }
    std::fill(counts.begin(), counts.end(), uint16_t{0});
    rows = 0;
  }

  std::vector<uint16_t> counts;
  int64_t rows = 0;
};

template <typename T, typename L, typename W>
class Counter {
  // Bool labels are 0 or 1: nothing to range-check, and a label is exactly 1 where it is positive.
  static constexpr bool kHardLabels = std::is_same_v<L, bool>;

 public:
  explicit Counter(const BinnedCountsInputs& in)
      : in_(in),
        scores_(in.scores.const_data_ptr<T>()),
        labels_(in.labels.const_data_ptr<L>()),
        weights_(in.weights.defined() ? in.weights.const_data_ptr<double>() : nullptr),
        row_stride_(in.weights.defined() ? in.weights.stride(0) : 0),
        column_stride_(in.weights.defined() ? in.weights.stride(1) : 0),
        classes_(in.scores.size(1)),
        buckets_(in.num_buckets),
        vectorized_(std::is_same_v<T, float> && (column_stride_ == 0 || classes_ == 1)) {}

  // Counts rows [row_begin, row_end) x columns [column_begin, column_end) into `out`.
  BinnedCountsStatus count(int64_t row_begin, int64_t row_end, int64_t column_begin,
                           int64_t column_end, TaskCounters<W>& out) const {
    Ranges ranges;
    LaneCounts lanes(in_.thresholds.size());
    const bool compact = std::is_same_v<W, int64_t> && vectorized_ && buckets_ > 0;
    CompactHistogram histogram(compact ? (column_end - column_begin) * buckets_ * 2 : 0);
    for (int64_t row = row_begin; row < row_end; ++row) {
      double row_loss = 0;
      for (int64_t start = column_begin; start < column_end; start += kBlock) {
        const int64_t count = std::min(kBlock, column_end - start);
        count_block(row, start, count, start - column_begin, out, row_loss, lanes, ranges,
                    compact ? histogram.counts.data() : nullptr);
      }
      const W w = weight(row, 0);
      // Weighted rows need their own counts; unit weights add up in the lanes until a flush.
      if (vectorized_ && (!std::is_same_v<W, int64_t> || lanes.cells >= kFlushCells)) {
        add_lane_counts(lanes, w, out);
      }
      if (in_.with_loss) {
        out.loss_sum += static_cast<double>(w) * row_loss / static_cast<double>(classes_);
        out.loss_weight += column_begin == 0 ? static_cast<double>(w) : 0.0;  // once per row
      }
      if (compact && ++histogram.rows == CompactHistogram::kRows) {
        histogram.flush_into(out.histogram);
      }
    }
    if (compact) {
      histogram.flush_into(out.histogram);
    }
    if (vectorized_) {
      add_lane_counts(lanes, W(1), out);  // what unit weights left in the lanes
      add_row_weights(row_begin, row_end, column_end - column_begin, out);
    }
    if (!ranges.scores.within_zero_one()) {
      return BinnedCountsStatus::kBadScores;
    }
    return ranges.labels.within_zero_one() ? BinnedCountsStatus::kOk
                                           : BinnedCountsStatus::kBadLabels;
  }

 private:
  struct Ranges {
    ValueRange<T> scores;
    ValueRange<T> labels;
  };

  // The vectorized path's weight sums per class: every cell of a row has the row's weight.
  void add_row_weights(int64_t row_begin, int64_t row_end, int64_t columns,
                       TaskCounters<W>& out) const {
    if (out.class_sums == nullptr) {
      return;
    }
    double weight_sum = 0;
    for (int64_t row = row_begin; row < row_end; ++row) {
      weight_sum += static_cast<double>(weight(row, 0));
    }
    for (int64_t c = 0; c < columns; ++c) {
      out.class_sums[c * 2 + 1] += weight_sum;
    }
  }

  W weight(int64_t row, int64_t column) const {
    if constexpr (std::is_same_v<W, int64_t>) {
      return 1;
    } else {
      return weights_[row * row_stride_ + column * column_stride_];
    }
  }

  void count_block(int64_t row, int64_t start, int64_t count, int64_t local, TaskCounters<W>& out,
                   double& row_loss, LaneCounts& lanes, Ranges& ranges,
                   uint16_t* compact_histogram) const {
    using Vec = Vectorized<T>;
    T label_buffer[kBlock];
    T probabilities[kBlock];
    int32_t slots[kBlock];  // vectorized path: histogram offset of each cell within the block
    const T* x = scores_ + row * classes_ + start;
    const T* z = labels_as(labels_ + row * classes_ + start, count, label_buffer);
    Vec loss(T(0));
    for (int64_t c = 0; c < count; c += Vec::size()) {
      const int64_t lanes_used = std::min<int64_t>(Vec::size(), count - c);
      const bool full = lanes_used == Vec::size();
      // Padding lanes read logit -inf (probability 0) and label 0: they count as nothing below.
      const Vec xv = full ? Vec::loadu(x + c)
                          : Vec::set(Vec(in_.from_logits ? -INFINITY : T(0)),
                                     Vec::loadu(x + c, lanes_used), lanes_used);
      const Vec zv = full ? Vec::loadu(z + c) : Vec::loadu(z + c, lanes_used);
      Vec p = xv;
      if (in_.from_logits) {
        // The cross-entropy reuses the sigmoid's exp(-x).
        const Vec exp_neg_x = xv.neg().exp();
        p = sigmoid_from(exp_neg_x);
        if (in_.with_loss) {
          const Vec ce = cross_entropy_from(xv, zv, exp_neg_x);
          loss += full ? ce : Vec::set(Vec(T(0)), ce, lanes_used);
        }
      }
      ranges.scores.add(p);
      if constexpr (!kHardLabels) {
        ranges.labels.add(zv);
      }
      if constexpr (std::is_same_v<T, float>) {
        if (vectorized_) {
          count_vector(p, zv, c, lanes, slots + c);
        }
      }
      if (!vectorized_ || out.class_sums != nullptr) {  // the cell-by-cell stages read them
        p.store(probabilities + c, static_cast<int>(lanes_used));
      }
    }
    row_loss += static_cast<double>(sum_lanes(loss));
    if (vectorized_) {
      lanes.cells += count;
      file_slots(row, count, local, probabilities, slots, compact_histogram, out);
    } else {
      file_cells(row, start, count, local, probabilities, z, out);
    }
  }

  // The vectorized path's per-cell work on one vector of cells (columns c.. of the block).
  void count_vector(const Vectorized<float>& p, const Vectorized<float>& z, int64_t c,
                    LaneCounts& lanes, int32_t* slots) const {
    using Vec = Vectorized<float>;
    const Vec zero(0.0f);
    const Vec one(1.0f);
    const Vec positive = (z != zero) & one;
    lanes.positives += positive;
    for (size_t k = 0; k < in_.thresholds.size(); ++k) {
      const Vec predicted = (p > Vec(in_.thresholds[k])) & one;
      lanes.per_threshold[3 * k] += predicted;
      lanes.per_threshold[3 * k + 1] += predicted * positive;
      if constexpr (!kHardLabels) {  // else a predicted cell labelled 1 is a true positive
        lanes.per_threshold[3 * k + 2] += predicted * ((z == one) & one);
      }
    }
    if (buckets_ > 0) {
      // Offsets within a block stay below 2^24: exact in float. NaN compares false: bucket 0.
      const Vec raw = (p * Vec(static_cast<float>(buckets_))).ceil() - one;
      const Vec bucket = Vec::blendv(zero, at::vec::minimum(raw, Vec(buckets_ - 1.0f)), raw > zero);
      const Vec column = lane_columns_ + Vec(static_cast<float>(c));
      const Vec slot = column * Vec(2.0f * buckets_) + bucket * Vec(2.0f) + positive;
      at::vec::convert_to_int_of_same_size(slot).store(slots);
    }
  }

  // tp, fp, tn, fn and matches from the lane counts, times their weight; clears the lanes.
  void add_lane_counts(LaneCounts& lanes, W w, TaskCounters<W>& out) const {
    const auto total = [](const Vectorized<float>& v) {
      return static_cast<int64_t>(sum_lanes(v));
    };
    const int64_t positives = total(lanes.positives);
    for (size_t k = 0; k < in_.thresholds.size(); ++k) {
      const int64_t predicted = total(lanes.per_threshold[3 * k]);
      const int64_t tp = total(lanes.per_threshold[3 * k + 1]);
      const int64_t tn = lanes.cells - positives - (predicted - tp);
      const int64_t labelled_one = kHardLabels ? tp : total(lanes.per_threshold[3 * k + 2]);
      const int64_t values[kCounters] = {tp, predicted - tp, tn, positives - tp, labelled_one + tn};
      for (int i = 0; i < kCounters; ++i) {
        out.threshold_counts[k * kCounters + i] += w * static_cast<W>(values[i]);
      }
    }
    lanes.clear();
  }

  void file_slots(int64_t row, int64_t count, int64_t local, const T* probabilities,
                  const int32_t* slots, uint16_t* compact_histogram, TaskCounters<W>& out) const {
    const W w = weight(row, 0);
    if (compact_histogram != nullptr) {
      uint16_t* counts = compact_histogram + local * buckets_ * 2;
      for (int64_t j = 0; j < count; ++j) {
        ++counts[slots[j]];
      }
    } else if (buckets_ > 0) {
      W* histogram = out.histogram + local * buckets_ * 2;
      for (int64_t j = 0; j < count; ++j) {
        histogram[slots[j]] += w;
      }
    }
    if (out.class_sums != nullptr) {
      double* sums = out.class_sums + local * 2;
      for (int64_t j = 0; j < count; ++j) {
        sums[j * 2] += static_cast<double>(w) * static_cast<double>(probabilities[j]);
      }
    }
  }

  // The general path (float64 scores, or one weight per cell), cell by cell.
  void file_cells(int64_t row, int64_t start, int64_t count, int64_t local, const T* probabilities,
                  const T* z, TaskCounters<W>& out) const {
    const float num_buckets = static_cast<float>(buckets_);
    const std::vector<float>& thresholds = in_.thresholds;
    W* counts = out.threshold_counts.data();
    for (int64_t j = 0; j < count; ++j) {
      const float p = static_cast<float>(probabilities[j]);
      const W w = weight(row, start + j);
      const bool positive = z[j] != T(0);
      if (buckets_ > 0) {
        out.histogram[((local + j) * buckets_ + bucket(p, num_buckets, buckets_)) * 2 + positive] +=
            w;
      }
      if (out.class_sums != nullptr) {
        out.class_sums[(local + j) * 2] += static_cast<double>(w) * p;
        out.class_sums[(local + j) * 2 + 1] += static_cast<double>(w);
      }
      // tp, fp, tn, fn by (positive, predicted); matches need a hard label equal to the prediction.
      const bool hard = z[j] == T(0) || z[j] == T(1);
      for (size_t k = 0; k < thresholds.size(); ++k) {
        const bool predicted = p > thresholds[k];
        W* counter = counts + k * kCounters;
        counter[positive ? (predicted ? 0 : 3) : (predicted ? 1 : 2)] += w;
        counter[4] += (hard && predicted == positive) ? w : W(0);
      }
    }
  }

  const BinnedCountsInputs& in_;
  const T* scores_;
  const L* labels_;
  const double* weights_;
  int64_t row_stride_;
  int64_t column_stride_;
  int64_t classes_;
  int64_t buckets_;
  bool vectorized_;  // float32 scores and one weight per row
  // 0, 1, 2, ... per lane, built once: Vectorized::arange fills its lanes one scalar at a time.
  Vectorized<float> lane_columns_ = Vectorized<float>::arange(0.0f, 1.0f);
};

template <typename W>
void add_into(W* target, const W* source, int64_t count) {
  for (int64_t i = 0; i < count; ++i) {
    target[i] += source[i];
  }
}

// Private histograms per task cost classes * buckets * 2 counters each: with many classes the
// tasks split the columns instead and write their own slices of the outputs.
bool split_columns(int64_t classes, int64_t buckets) {
  constexpr int64_t kPrivateBudget = int64_t{1} << 19;  // counters, all tasks together
  const int64_t threads = at::get_num_threads();
  return classes >= threads && classes * buckets * 2 * threads > kPrivateBudget;
}

template <typename T, typename L, typename W>
BinnedCountsStatus count_all(const BinnedCountsInputs& in, BinnedCountsOutputs& out) {
  const Counter<T, L, W> counter(in);
  const int64_t rows = in.scores.size(0);
  const int64_t classes = in.scores.size(1);
  const int64_t buckets = in.num_buckets;
  const int64_t threshold_counters = static_cast<int64_t>(in.thresholds.size()) * kCounters;
  W* histogram = out.histogram.mutable_data_ptr<W>();
  double* class_sums =
      out.class_sums.defined() ? out.class_sums.mutable_data_ptr<double>() : nullptr;
  std::mutex merge;
  std::atomic<BinnedCountsStatus> status{BinnedCountsStatus::kOk};
  const auto merge_scalars = [&](const TaskCounters<W>& task, BinnedCountsStatus result) {
    add_into(out.threshold_counts.mutable_data_ptr<W>(), task.threshold_counts.data(),
             threshold_counters);
    out.loss_sums.mutable_data_ptr<double>()[0] += task.loss_sum;
    out.loss_sums.mutable_data_ptr<double>()[1] += task.loss_weight;
    if (result != BinnedCountsStatus::kOk) {
      status = result;
    }
  };
  const int64_t threads = at::get_num_threads();
  if (split_columns(classes, buckets)) {
    at::parallel_for(
        0, classes, (classes + threads - 1) / threads, [&](int64_t begin, int64_t end) {
          TaskCounters<W> task{histogram + begin * buckets * 2,
                               class_sums != nullptr ? class_sums + begin * 2 : nullptr,
                               std::vector<W>(threshold_counters)};
          const BinnedCountsStatus result = counter.count(0, rows, begin, end, task);
          std::lock_guard<std::mutex> lock(merge);
          merge_scalars(task, result);
        });
    return status;
  }
  // One task per thread (at least ~32k cells each), each with private counters.
  const int64_t min_rows = std::max<int64_t>(1, 32768 / std::max<int64_t>(classes, 1));
  const int64_t grain = std::max(min_rows, (rows + threads - 1) / threads);
  at::parallel_for(0, rows, grain, [&](int64_t begin, int64_t end) {
    std::vector<W> task_histogram(classes * buckets * 2);
    std::vector<double> task_sums(class_sums != nullptr ? classes * 2 : 0);
    TaskCounters<W> task{task_histogram.data(), class_sums != nullptr ? task_sums.data() : nullptr,
                         std::vector<W>(threshold_counters)};
    const BinnedCountsStatus result = counter.count(begin, end, 0, classes, task);
    std::lock_guard<std::mutex> lock(merge);
    add_into(histogram, task_histogram.data(), classes * buckets * 2);
    add_into(class_sums, task_sums.data(), static_cast<int64_t>(task_sums.size()));
    merge_scalars(task, result);
  });
  return status;
}

}  // namespace

BinnedCountsStatus binned_counts_kernel(const BinnedCountsInputs& in, BinnedCountsOutputs& out) {
  BinnedCountsStatus status = BinnedCountsStatus::kOk;
  AT_DISPATCH_FLOATING_TYPES(in.scores.scalar_type(), "binned_counts", [&] {
    using score_t = scalar_t;
    AT_DISPATCH_ALL_TYPES_AND3(
        at::kBool, at::kHalf, at::kBFloat16, in.labels.scalar_type(), "binned_counts_labels", [&] {
          status = in.weights.defined() ? count_all<score_t, scalar_t, double>(in, out)
                                        : count_all<score_t, scalar_t, int64_t>(in, out);
        });
  });
  return status;
}

}  // namespace multilabel_head::cpu::CPU_CAPABILITY
