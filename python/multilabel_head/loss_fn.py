"""Custom loss_fn hooks: their argument names (TF's function_utils.fn_args) and the call."""

import functools
import inspect
from collections.abc import Callable, Mapping

import torch

_NAMED = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD,
          inspect.Parameter.KEYWORD_ONLY)  # fmt: skip


def loss_fn_arg_names(loss_fn: Callable) -> list[str]:
    """The named arguments a caller can still pass: not self, not those a partial binds."""
    if isinstance(loss_fn, functools.partial):
        names = loss_fn_arg_names(loss_fn.func)[len(loss_fn.args) :]
        return [name for name in names if name not in loss_fn.keywords]
    parameters = inspect.signature(loss_fn).parameters.values()
    return [parameter.name for parameter in parameters if parameter.kind in _NAMED]


@functools.lru_cache(maxsize=128)
def _cached_arg_names(loss_fn: Callable) -> tuple[str, ...]:
    return tuple(loss_fn_arg_names(loss_fn))


def _takes_features(loss_fn: Callable) -> bool:
    # Inspecting a signature costs about 10 us, on every training step without the cache.
    try:
        names = _cached_arg_names(loss_fn)
    except TypeError:  # an unhashable callable object
        names = loss_fn_arg_names(loss_fn)
    return "features" in names


def call_loss_fn(
    loss_fn: Callable, labels: torch.Tensor, logits: torch.Tensor, features: Mapping
) -> torch.Tensor:
    """As TF calls it: features only when the function names it, loss_reduction never."""
    if _takes_features(loss_fn):
        return loss_fn(labels=labels, logits=logits, features=features)
    return loss_fn(labels=labels, logits=logits)
