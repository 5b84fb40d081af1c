"""The head's metrics update against torchmetrics doing the same work, the per-class AUC against
MultilabelAUROC, the exact AUC against scikit-learn, and the update against one torch.sigmoid pass.

All in this process on the same inputs (float32 logits, bool labels), with 2 threads; each line
prints the median time of each side, the ratio and the peak memory each adds above its inputs
(memory.py). Times are taken with the default allocator; the memory figures come from a second run
of the script with a fixed mmap threshold, which makes resident memory follow the tensors (and every
large allocation map fresh pages, so its times would not be representative). torch.sigmoid is timed
as called and into a preallocated output. Results are checked equal (binned AUCs: torchmetrics
compares p >= t, Keras p > t, so the two agree to about 1e-3 only; the exact mode equals scikit-
learn to 1e-9).

    python benchmarks/bench_metrics.py [--repeats 10]

Needs torchmetrics and scikit-learn (pip install torchmetrics scikit-learn).
"""

import argparse
import subprocess
import sys
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
import torchmetrics.classification as tmc
from memory import peak_extra_mib, rerun_with_fixed_mmap_threshold
from sklearn.metrics import average_precision_score, roc_auc_score
from torchmetrics import MeanMetric

import multilabel_head
from multilabel_head.metrics import AUC
from timing import median_ms

THRESHOLDS = [0.3, 0.5, 0.7]


def torchmetrics_head_work() -> tuple[dict, Callable]:
    """What the head's update_metrics computes, with torchmetrics: average loss, micro ROC and PR
    AUC at 200 thresholds, accuracy / precision / recall at three thresholds."""
    metrics = {
        "average_loss": MeanMetric(),
        "auc": tmc.BinaryAUROC(thresholds=200),
        "auc_precision_recall": tmc.BinaryAveragePrecision(thresholds=200),
    }
    for t in THRESHOLDS:
        metrics[f"accuracy/positive_threshold_{t:g}"] = tmc.BinaryAccuracy(threshold=t)
        metrics[f"precision/positive_threshold_{t:g}"] = tmc.BinaryPrecision(threshold=t)
        metrics[f"recall/positive_threshold_{t:g}"] = tmc.BinaryRecall(threshold=t)

    def update(logits: torch.Tensor, labels: torch.Tensor) -> None:
        loss = F.binary_cross_entropy_with_logits(logits, labels.float(), reduction="none").mean(-1)
        metrics["average_loss"].update(loss)
        probabilities = torch.sigmoid(logits).reshape(-1)
        targets = labels.reshape(-1).long()
        for key, metric in metrics.items():
            if key != "average_loss":
                metric.update(probabilities, targets)

    return metrics, update


MEMORY_RUN = "--memory" in sys.argv  # the second run: peak memory instead of time


def line(
    name: str, baseline: Callable, ours: Callable, repeats: int, label, baseline_repeats: int | None = None
) -> None:
    if MEMORY_RUN:
        base_mib, our_mib = peak_extra_mib(baseline), peak_extra_mib(ours)
        print(f"{name:<38} {label[0]:>12} {base_mib:8.1f} MiB | {label[1]:>6} {our_mib:7.1f} MiB")
        return
    base_ms = median_ms(baseline, baseline_repeats or repeats)
    our_ms = median_ms(ours, repeats)
    ratio = f"{base_ms / our_ms:6.1f}x faster" if base_ms >= our_ms else f"{our_ms / base_ms:6.1f}x the time"
    print(f"{name:<38} {label[0]:>12} {base_ms:9.2f} ms | {label[1]:>6} {our_ms:8.2f} ms | {ratio}")


def head_update_lines(rows: int, classes: int, repeats: int) -> None:
    logits = torch.randn(rows, classes) * 2
    labels = torch.rand(rows, classes) < 0.1
    head = multilabel_head.MultiLabelHead(classes, thresholds=THRESHOLDS)
    ours = head.metrics()
    theirs, their_update = torchmetrics_head_work()
    head.update_metrics(ours, None, logits, labels)
    their_update(logits, labels)
    for key in ("average_loss", "auc", "auc_precision_recall", "precision/positive_threshold_0.5"):
        a, b = ours[key].result().item(), theirs[key].compute().item()
        assert abs(a - b) < 2e-3, (key, a, b)
    shape = f"{rows}x{classes}"
    line(
        f"update_metrics {shape}, 3 thresholds",
        lambda: their_update(logits, labels),
        lambda: head.update_metrics(ours, None, logits, labels),
        repeats,
        ("torchmetrics", "head"),
        baseline_repeats=1,  # tens of seconds per update
    )
    update = lambda: head.update_metrics(ours, None, logits, labels)  # noqa: E731
    line(
        f"torch.sigmoid vs update {shape}",
        lambda: torch.sigmoid(logits),
        update,
        repeats,
        ("sigmoid", "head"),
    )
    # The same pass into memory it already has: the arithmetic alone, without mapping an output.
    out = torch.zeros_like(logits)  # its pages already mapped
    line(
        f"sigmoid(out=) vs update {shape}",
        lambda: torch.sigmoid(logits, out=out),
        update,
        repeats,
        ("out=", "head"),
    )


def per_class_line(rows: int, classes: int, repeats: int) -> None:
    probabilities = torch.rand(rows, classes)
    labels = (torch.rand(rows, classes) < 0.3).long()
    ours = AUC(multi_label=True, num_labels=classes)
    theirs = tmc.MultilabelAUROC(num_labels=classes, thresholds=200, average=None)
    line(
        f"per-class AUC {rows}x{classes}",
        lambda: theirs.update(probabilities, labels),
        lambda: ours.update(labels, probabilities),
        repeats,
        ("torchmetrics", "head"),
        baseline_repeats=1,
    )


def exact_line(size: int, repeats: int) -> None:
    generator = np.random.default_rng(0)
    scores = generator.random(size).astype(np.float32)
    labels = generator.random(size) < 0.3
    scores_t, labels_t = torch.from_numpy(scores), torch.from_numpy(labels)

    def ours() -> tuple[float, float]:
        roc, pr = AUC(num_thresholds=None), AUC(num_thresholds=None, curve="PR")
        roc.update(labels_t, scores_t)
        pr.update(labels_t, scores_t)
        return roc.result().item(), pr.result().item()

    def sklearn() -> tuple[float, float]:
        return roc_auc_score(labels, scores), average_precision_score(labels, scores)

    np.testing.assert_allclose(ours(), sklearn(), atol=1e-9)
    line(f"exact ROC + PR AUC, {size} scores", sklearn, ours, repeats, ("scikit-learn", "head"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--memory", action="store_true", help="peak memory instead of time (run by the script)"
    )
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    print(f"torch {torch.__version__}, {args.threads} threads, CPU {torch.backends.cpu.get_cpu_capability()}")
    for rows, classes in ((65536, 100), (4096, 1000)):
        head_update_lines(rows, classes, args.repeats)
    per_class_line(8192, 100, args.repeats)
    exact_line(1_000_000, max(3, args.repeats // 3))


if __name__ == "__main__":
    if not MEMORY_RUN:
        main()  # times, with the default allocator
        print("peak memory added above the inputs:")
        sys.stdout.flush()
        subprocess.run([sys.executable, *sys.argv, "--memory"], check=True)
    else:
        rerun_with_fixed_mmap_threshold()
        main()
