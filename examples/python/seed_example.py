"""The seed example end to end: TF's MultiLabelHead docstring example, in PyTorch.

Prints the loss, its gradient, the predictions and the evaluation metrics. examples/cpp/seed prints
the same lines from C++, and the test command checks that the two outputs are identical.
"""

import torch

import multilabel_head


def rows(values: torch.Tensor) -> str:
    return "[" + ", ".join("[" + ", ".join(f"{v:.7f}" for v in row) + "]" for row in values.tolist()) + "]"


def main() -> None:
    head = multilabel_head.MultiLabelHead(n_classes=2)
    logits = torch.tensor([[-1.0, 1.0], [-1.5, 1.5]], requires_grad=True)
    labels = torch.tensor([[1, 0], [1, 1]])

    loss = head.loss(labels, logits)
    loss.backward()
    predictions = head.predictions(logits.detach())

    print(f"loss : {loss.item():.7f}")
    print(f"logits_grad : {rows(logits.grad)}")
    print(f"probabilities : {rows(predictions['probabilities'])}")
    print(f"classes : {predictions['classes']}")

    # TF's evaluation metrics of the same batch, by key.
    metrics = head.update_metrics(head.metrics(), None, logits.detach(), labels)
    for key, metric in sorted(metrics.items()):
        print(f"{key} : {metric.result().item():.2f}")


if __name__ == "__main__":
    main()
