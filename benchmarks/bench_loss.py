"""Forward + backward of MultiLabelHead's loss against the eager composition a user would write.

Both run in this process on the same inputs (float32 logits, float labels, per-example weights,
sum_over_batch_size), with 2 threads. Prints the median time of each, the ratio, and the peak memory
each adds above its inputs (memory.py).

    python benchmarks/bench_loss.py [--repeats 20] [--shapes 4096x1000 65536x100 512x30000]
"""

import argparse
from collections.abc import Callable

import torch
import torch.nn.functional as F
from memory import peak_extra_mib, rerun_with_fixed_mmap_threshold

import multilabel_head
from timing import median_ms


def eager_loss(logits: torch.Tensor, labels: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    per_example = F.binary_cross_entropy_with_logits(logits, labels, reduction="none").mean(-1)
    return (per_example * weights).sum() / per_example.numel()


def head_loss(head: multilabel_head.MultiLabelHead) -> Callable:
    def loss(logits: torch.Tensor, labels: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
        return head.loss(labels, logits, features={"w": weights})

    return loss


def forward_backward(loss_fn: Callable, logits: torch.Tensor, labels, weights) -> Callable:
    def step() -> None:
        logits.grad = None
        loss_fn(logits, labels, weights).backward()
        logits.grad = None

    return step


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", nargs="+", default=["4096x1000", "65536x100", "512x30000"])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    print(f"torch {torch.__version__}, {args.threads} threads, CPU {torch.backends.cpu.get_cpu_capability()}")
    print(f"{'shape':>10} {'eager ms':>9} {'head ms':>8} {'speedup':>8} "
          f"{'eager MiB':>10} {'head MiB':>9} {'grad MiB':>9}")  # fmt: skip
    for shape in args.shapes:
        rows, classes = (int(size) for size in shape.split("x"))
        logits = torch.randn(rows, classes, requires_grad=True)
        labels = (torch.rand(rows, classes) < 0.1).float()
        weights = torch.rand(rows)
        head = multilabel_head.MultiLabelHead(classes, weight_column="w")
        torch.testing.assert_close(
            head_loss(head)(logits, labels, weights), eager_loss(logits, labels, weights)
        )
        eager = forward_backward(eager_loss, logits, labels, weights)
        ours = forward_backward(head_loss(head), logits, labels, weights)
        eager_ms, head_ms = median_ms(eager, args.repeats), median_ms(ours, args.repeats)
        eager_mib, head_mib = peak_extra_mib(eager), peak_extra_mib(ours)
        grad_mib = logits.numel() * logits.element_size() / 2**20
        print(f"{shape:>10} {eager_ms:9.2f} {head_ms:8.2f} {eager_ms / head_ms:7.2f}x "
              f"{eager_mib:10.1f} {head_mib:9.1f} {grad_mib:9.1f}")  # fmt: skip


if __name__ == "__main__":
    rerun_with_fixed_mmap_threshold()
    main()
