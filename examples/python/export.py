"""Export a model that holds the head, three ways, for serving without Python's multilabel_head:

- ``model.pt``: torch.jit.script of the model (returns the probabilities), with the class names as
  the extra file ``classes.txt``; examples/cpp/serve loads it with torch::jit::load;
- ``model.pt2``: torch.export with a dynamic batch dimension;
- ``loss.pt``: a scripted function that calls the head's loss operator, for LibTorch apps that link
  libmultilabel_head (examples/cpp/serve runs it too).

Prints the served numbers that examples/cpp/serve must print, for the test command to compare.

    python examples/python/export.py OUTPUT_DIR
"""

import sys
import warnings
from pathlib import Path

import torch

import multilabel_head

CLASSES = ["red", "green", "blue"]


class Tagger(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.body = torch.nn.Linear(4, 3)
        self.head = multilabel_head.MultiLabelHead(3, label_vocabulary=CLASSES)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


def head_loss(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    return torch.ops.multilabel_head.head_loss(logits, labels, 3, None, None, "sum_over_batch_size", [])


def example_input() -> tuple[torch.Tensor, torch.Tensor]:
    x = torch.arange(8, dtype=torch.float32).reshape(2, 4) / 8
    return x, torch.tensor([[1, 0, 1], [0, 1, 0]])


def main(output: Path) -> None:
    torch.manual_seed(0)
    output.mkdir(parents=True, exist_ok=True)
    model = Tagger().eval()
    x, labels = example_input()
    with warnings.catch_warnings():  # TorchScript is deprecated in favour of torch.export
        warnings.simplefilter("ignore", DeprecationWarning)
        torch.jit.save(
            torch.jit.script(model), output / "model.pt", _extra_files={"classes.txt": "\n".join(CLASSES)}
        )
        torch.jit.save(torch.jit.script(head_loss), str(output / "loss.pt"))
    batch = torch.export.Dim("batch")
    torch.export.save(
        torch.export.export(model, (x,), dynamic_shapes={"x": {0: batch}}), output / "model.pt2"
    )

    probabilities = model(x).detach()
    for row in probabilities:
        print(" ".join(f"{name}={p:.6f}" for name, p in zip(CLASSES, row.tolist(), strict=True)))
    print(f"loss={head_loss(model.body(x).detach(), labels).item():.6f}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "build/export"))
