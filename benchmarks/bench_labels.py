"""String labels to multi-hot labels: the head's C++ path against the obvious pure-Python baseline.

100,000 examples with about 4 labels each, out of 500 names. The baseline looks every label up in
a dict and index_puts ones into a zero tensor; the head walks the lists in C++ (no intermediate
Python objects), looks each name up by its str object's cached hash, and sets ones in a bool
multi-hot tensor in one parallel pass. Same process, 2 threads; prints median times and ratios, for
all examples at once and in batches of 1024 as a training loop sees them, then the single call's two
steps, and what a fresh bool tensor of the output's size costs through torch's allocator (50 MB:
malloc maps it in 4 KiB pages on every call; the head maps outputs from 32 MiB in huge pages).

    python benchmarks/bench_labels.py [--examples 100000] [--names 500] [--repeats 7]
"""

import argparse
import random

import torch

import multilabel_head
from timing import median_ms


def baseline(labels: list[list[str]], index: dict[str, int]) -> torch.Tensor:
    rows, columns = [], []
    for row, names in enumerate(labels):
        for name in names:
            rows.append(row)
            columns.append(index[name])
    multi_hot = torch.zeros(len(labels), len(index))
    multi_hot.index_put_((torch.tensor(rows), torch.tensor(columns)), torch.tensor(1.0))
    return multi_hot


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--names", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    torch.set_num_threads(2)
    generator = random.Random(0)
    names = [
        f"{generator.choice(['role', 'use', 'works-with', 'implemented-in'])}::tag{i}"
        for i in range(args.names)
    ]
    labels = [generator.sample(names, generator.randint(1, 7)) for _ in range(args.examples)]
    index = {name: i for i, name in enumerate(names)}
    vocabulary = multilabel_head.labels.as_label_vocabulary(names)

    def ours() -> torch.Tensor:
        return multilabel_head.labels.multi_hot_labels(labels, len(names), vocabulary)

    batches = [labels[start : start + 1024] for start in range(0, len(labels), 1024)]

    def ours_batched() -> list[torch.Tensor]:
        return [multilabel_head.labels.multi_hot_labels(batch, len(names), vocabulary) for batch in batches]

    assert torch.equal(ours(), baseline(labels, index).bool())
    per_example = sum(map(len, labels)) / len(labels)
    print(f"{args.examples} examples, {per_example:.2f} labels each, {args.names} names, 2 threads")
    print(f"{'':24} {'baseline ms':>12} {'head ms':>9} {'speedup':>8}")
    for name, base, head in (
        ("one call", lambda: baseline(labels, index), ours),
        ("batches of 1024", lambda: [baseline(batch, index) for batch in batches], ours_batched),
    ):
        baseline_ms, head_ms = median_ms(base, args.repeats), median_ms(head, args.repeats)
        print(f"{name:24} {baseline_ms:12.2f} {head_ms:9.2f} {baseline_ms / head_ms:7.1f}x")
    ids, row_offsets = multilabel_head._C.ragged_labels(labels, vocabulary)
    walk_ms = median_ms(lambda: multilabel_head._C.ragged_labels(labels, vocabulary), args.repeats)
    fill_ms = median_ms(
        lambda: torch.ops.multilabel_head.ragged_multi_hot(ids, row_offsets, len(names)), args.repeats
    )
    print(f"one call's steps: names -> ids {walk_ms:.2f} ms, ids -> multi-hot {fill_ms:.2f} ms")
    shape = (len(labels), len(names))
    fresh_ms = median_ms(lambda: torch.zeros(shape, dtype=torch.bool), args.repeats)
    print(f"torch.zeros of the output's shape, bool: {fresh_ms:.2f} ms")


if __name__ == "__main__":
    main()
