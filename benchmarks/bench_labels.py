"""String labels to multi-hot labels: the head's C++ path against the obvious pure-Python baseline.

100,000 examples with about 4 labels each, out of 500 names. The baseline looks every label up in
a dict and index_puts ones into a zero tensor; the head looks the strings up in its C++ vocabulary
(no intermediate Python objects) and fills a bool multi-hot tensor. Same process, 2 threads; prints
median times and the ratio.

    python benchmarks/bench_labels.py [--examples 100000] [--names 500] [--repeats 7]
"""

import argparse
import random
import statistics
import time
from collections.abc import Callable

import torch

import multilabel_head


def baseline(labels: list[list[str]], index: dict[str, int]) -> torch.Tensor:
    rows, columns = [], []
    for row, names in enumerate(labels):
        for name in names:
            rows.append(row)
            columns.append(index[name])
    multi_hot = torch.zeros(len(labels), len(index))
    multi_hot.index_put_((torch.tensor(rows), torch.tensor(columns)), torch.tensor(1.0))
    return multi_hot


def median_ms(step: Callable[[], object], repeats: int) -> float:
    step()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


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

    assert torch.equal(ours(), baseline(labels, index).bool())
    baseline_ms = median_ms(lambda: baseline(labels, index), args.repeats)
    ours_ms = median_ms(ours, args.repeats)
    per_example = sum(map(len, labels)) / len(labels)
    print(f"{args.examples} examples, {per_example:.2f} labels each, {args.names} names, 2 threads")
    print(f"python baseline {baseline_ms:8.2f} ms")
    print(f"multilabel_head {ours_ms:8.2f} ms  ({baseline_ms / ours_ms:.1f}x faster)")


if __name__ == "__main__":
    main()
