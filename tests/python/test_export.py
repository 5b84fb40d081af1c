"""Models that hold the head export: TorchScript and torch.export graphs are plain ATen and run
without multilabel_head; a training step compiles without graph breaks."""

import json
import subprocess
import sys
import textwrap

import pytest
import torch

import multilabel_head
from conftest import assert_same_value_and_gradient


class Tagger(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.body = torch.nn.Linear(5, 3)
        self.head = multilabel_head.MultiLabelHead(
            3,
            label_vocabulary=["a", "b", "c"],
            weight_column="w",
            loss_fn=lambda labels, logits: logits[..., :1],
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


def _run_without_multilabel_head(code: str, *args: str) -> str:
    script = (
        "import json, sys, torch\n"
        + textwrap.dedent(code)
        + "\nassert 'multilabel_head' not in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_torchscript_model_runs_without_multilabel_head(tmp_path):
    model = Tagger().eval()
    with pytest.warns(DeprecationWarning, match="torch.jit.script"):
        scripted = torch.jit.script(model)
    kinds = {node.kind() for node in scripted.inlined_graph.nodes()}
    assert not any(kind.startswith("multilabel_head::") for kind in kinds)
    path = tmp_path / "model.pt"
    scripted.save(str(path))
    x = torch.randn(6, 5)
    torch.save(x, tmp_path / "x.pt")
    served = _run_without_multilabel_head(
        """
        model = torch.jit.load(sys.argv[1])
        print(json.dumps(model(torch.load(sys.argv[2])).tolist()))
        """,
        str(path),
        str(tmp_path / "x.pt"),
    )
    torch.testing.assert_close(torch.tensor(json.loads(served)), model(x).detach())
    with pytest.raises(torch.jit.Error, match="logits shape must be"):
        scripted.head(torch.randn(2, 4))


def test_torch_export_with_a_dynamic_batch(tmp_path):
    model = Tagger().eval()
    exported = torch.export.export(
        model, (torch.randn(4, 5),), dynamic_shapes={"x": {0: torch.export.Dim("batch")}}
    )
    targets = {str(node.target) for node in exported.graph.nodes if node.op == "call_function"}
    assert targets == {"aten.linear.default", "aten.sigmoid.default"}
    for rows in (1, 9):
        x = torch.randn(rows, 5)
        torch.testing.assert_close(exported.module()(x), model(x))
    torch.export.save(exported, tmp_path / "model.pt2")
    served = _run_without_multilabel_head(
        "print(json.dumps(torch.export.load(sys.argv[1]).module()(torch.ones(2, 5)).tolist()))",
        str(tmp_path / "model.pt2"),
    )
    torch.testing.assert_close(torch.tensor(json.loads(served)), model(torch.ones(2, 5)))


def test_training_step_compiles_without_graph_breaks():
    body = torch.nn.Linear(5, 3)
    head = multilabel_head.MultiLabelHead(3, weight_column="w")
    labels = (torch.rand(8, 3) < 0.5).float()
    weights = torch.rand(8)

    def step(x: torch.Tensor) -> torch.Tensor:
        return head.loss(labels, body(x), {"w": weights})

    compiled = torch.compile(step, backend="aot_eager", fullgraph=True)
    assert_same_value_and_gradient(step, compiled, torch.randn(8, 5))
    eager_loss = step(torch.ones(8, 5))
    eager_loss.backward()
    eager_grad = body.weight.grad.clone()
    body.weight.grad = None
    compiled(torch.ones(8, 5)).backward()
    torch.testing.assert_close(body.weight.grad, eager_grad)
