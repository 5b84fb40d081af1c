"""Where the head's metrics update spends its time, per logit cell, on one thread: torch.sigmoid as
called, then the fused pass (binned_counts) doing more and more of the update's work, then the
update itself. Issue 4 asks the update to take at most 3x one torch.sigmoid pass; the lines show
what each piece of TF's metrics costs against that budget. The floor of the histogram step alone
(adding one to a per-class counter per cell, slots precomputed) is measured in C++ by
histogram_scatter_floor.cpp.

    python benchmarks/bench_metrics_breakdown.py [--rows 65536] [--classes 100] [--repeats 15]
"""

import argparse

import torch

import multilabel_head
from timing import median_ms

THRESHOLDS = [0.3, 0.5, 0.7]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=65536)
    parser.add_argument("--classes", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    logits = torch.randn(args.rows, args.classes) * 2
    labels = torch.rand(args.rows, args.classes) < 0.1
    head = multilabel_head.MultiLabelHead(args.classes, thresholds=THRESHOLDS)
    metrics = head.metrics()
    counts = torch.ops.multilabel_head.binned_counts
    cells = logits.numel()
    steps = {
        "torch.sigmoid": lambda: torch.sigmoid(logits),
        "pass: probabilities + checks": lambda: counts(logits, labels, None, 0, [], True, False, False),
        " + cross-entropy": lambda: counts(logits, labels, None, 0, [], True, True, False),
        " + 3 thresholds": lambda: counts(logits, labels, None, 0, THRESHOLDS, True, True, False),
        " + per-class histograms": lambda: counts(logits, labels, None, 199, THRESHOLDS, True, True, False),
        "update_metrics": lambda: head.update_metrics(metrics, None, logits, labels),
    }
    print(f"{args.rows}x{args.classes}, float32 logits, bool labels, 1 thread, CPU "
          f"{torch.backends.cpu.get_cpu_capability()}")  # fmt: skip
    per_cell = {name: median_ms(step, args.repeats) * 1e6 / cells for name, step in steps.items()}
    for name, ns in per_cell.items():
        print(f"{name:30} {ns:5.2f} ns/cell  {ns / per_cell['torch.sigmoid']:4.1f}x sigmoid")


if __name__ == "__main__":
    main()
