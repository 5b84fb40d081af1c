"""Two processes (gloo, CPU), each updating with half of the batches: every result() equals the
single-process result over all batches, exactly."""

import torch
import torch.distributed as dist
import torch.multiprocessing as mp

import multilabel_head
from multilabel_head.metrics import AUC

WORLD = 2


def _head() -> multilabel_head.MultiLabelHead:
    return multilabel_head.MultiLabelHead(
        5, weight_column="w", thresholds=[0.5], classes_for_class_based_metrics=[3]
    )


def _batches() -> list[tuple[torch.Tensor, torch.Tensor, torch.Tensor]]:
    generator = torch.Generator().manual_seed(7)
    batches = []
    for rows in (40, 64, 23, 51):  # uneven, so the exact AUC gathers different lengths
        logits = torch.randn(rows, 5, generator=generator) * 2
        labels = (torch.rand(rows, 5, generator=generator) < 0.3).long()
        weights = torch.randint(1, 8, (rows,), generator=generator) / 4  # dyadic: sums are exact
        batches.append((logits, labels, weights))
    return batches


def _results(batches) -> dict[str, float]:
    head = _head()
    metrics = head.metrics()
    metrics["exact_auc"] = AUC(num_thresholds=None, from_logits=True)
    metrics["exact_macro_pr"] = AUC(num_thresholds=None, curve="PR", multi_label=True, from_logits=True)
    for logits, labels, weights in batches:
        head.update_metrics(metrics, {"w": weights}, logits, labels)
        metrics["exact_auc"].update(labels, logits, weights)
        metrics["exact_macro_pr"].update(labels, logits, weights)
    return {key: metric.result().item() for key, metric in metrics.items()}


def _worker(rank: int, init_file: str, output: str) -> None:
    dist.init_process_group("gloo", init_method=f"file://{init_file}", rank=rank, world_size=WORLD)
    try:
        torch.set_num_threads(1)
        results = _results(_batches()[rank::WORLD])
        torch.save(results, f"{output}.{rank}")
    finally:
        dist.destroy_process_group()


def test_two_processes_give_the_single_process_numbers(tmp_path):
    output = str(tmp_path / "results")
    mp.spawn(_worker, args=(str(tmp_path / "init"), output), nprocs=WORLD, join=True)
    expected = _results(_batches())
    for rank in range(WORLD):
        assert torch.load(f"{output}.{rank}") == expected
