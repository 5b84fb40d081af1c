"""Inputs as tensors: TF converts NumPy arrays, so the head does too; anything else is a TypeError."""

import torch


def as_tensor(value: object, name: str, expected: str = "a Tensor or a NumPy array") -> torch.Tensor:
    if isinstance(value, torch.Tensor):
        return value
    if hasattr(value, "__array__"):
        return torch.as_tensor(value)
    raise TypeError(f"{name} must be {expected}. Given type: {type(value)}.")
