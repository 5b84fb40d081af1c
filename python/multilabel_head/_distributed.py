"""The exchange behind a metric's result() in a torch.distributed job: sum states are added with one
all_reduce of one flat float64 buffer; concatenated states (the exact AUC) are gathered."""

import torch
import torch.distributed as dist


def _active() -> bool:
    return dist.is_available() and dist.is_initialized() and dist.get_world_size() > 1


def _summed(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    # float64 holds int64 counts exactly up to 2**53 and lets weighted and unweighted ranks add.
    flat = torch.cat([tensor.reshape(-1).to(torch.float64) for tensor in state.values()])
    dist.all_reduce(flat)
    sizes = [tensor.numel() for tensor in state.values()]
    parts = flat.split(sizes)
    return {key: part.reshape(tensor.shape) for (key, tensor), part in zip(state.items(), parts, strict=True)}


def _gathered(tensor: torch.Tensor) -> torch.Tensor:
    world = dist.get_world_size()
    rows = torch.tensor([tensor.shape[0]])
    all_rows = [torch.zeros_like(rows) for _ in range(world)]
    dist.all_gather(all_rows, rows)
    longest = int(max(all_rows))
    padded = tensor.new_zeros((longest, *tensor.shape[1:]))
    padded[: tensor.shape[0]] = tensor
    parts = [torch.zeros_like(padded) for _ in range(world)]
    dist.all_gather(parts, padded)
    return torch.cat([part[: int(count)] for part, count in zip(parts, all_rows, strict=True)])


def synced_state(state: dict[str, torch.Tensor], reduction: str) -> dict[str, torch.Tensor] | None:
    """Every rank's state combined, or None outside a multi-process job."""
    if not _active():
        return None
    if reduction == "sum":
        return _summed(state)
    return {key: _gathered(tensor) for key, tensor in state.items()}
