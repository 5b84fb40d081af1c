"""Streaming metrics with Keras's arguments and TF's numbers, computed by the C++ core.

Each metric has ``update(...)``, ``result()`` (a float32 tensor; in a torch.distributed job it
covers every rank), ``reset()``, ``merge(other)``, ``state_dict()`` and ``load_state_dict()``;
``AUC`` also has ``curve()``. ``AUC(num_thresholds=None)`` is exact (scikit-learn's numbers).
"""

from ._C import AUC, BinaryAccuracy, Mean, Metric, Precision, Recall
from ._distributed import synced_state

__all__ = ["AUC", "BinaryAccuracy", "Mean", "Metric", "Precision", "Recall", "gather_to_every_rank"]


def gather_to_every_rank(metrics: dict[str, Metric]) -> None:
    """Replaces each metric's state with the whole torch.distributed job's, on every rank (a no-op
    outside a job). Call it on every rank, then leave the process group: afterwards result() and
    curve() read the whole job's data locally (inside the group, result() would add the ranks
    again)."""
    for metric in metrics.values():
        state = synced_state(metric.state_dict(), metric.state_reduction)
        if state is not None:
            metric.load_state_dict(state)
