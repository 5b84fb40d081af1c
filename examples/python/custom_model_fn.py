"""A custom model_fn-style loop: one function builds the model's logits and hands them to the head's
create_estimator_spec for TRAIN, EVAL and PREDICT, as a TF Estimator model_fn does.

Synthetic data: 3 tags, each on when a fixed linear score of 8 features is positive. Prints the
training loss per epoch, the evaluation metrics and one prediction. Run by the test command.
"""

import torch

import multilabel_head
from multilabel_head import ModeKeys

TAGS = ["red", "green", "blue"]


def make_data(rows: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    x = torch.randn(rows, 8, generator=generator)
    truth = torch.randn(8, 3, generator=torch.Generator().manual_seed(1))
    return x, (x @ truth > 0).long()


def model_fn(model, head, features, labels, mode, optimizer=None, eval_metrics=None):
    logits = model(features["x"])
    return head.create_estimator_spec(
        features, mode, logits, labels, optimizer=optimizer, eval_metrics=eval_metrics
    )


def main() -> None:
    torch.manual_seed(0)
    generator = torch.Generator().manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))
    head = multilabel_head.MultiLabelHead(3, label_vocabulary=TAGS, thresholds=[0.5])
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    x_train, y_train = make_data(512, generator)
    x_eval, y_eval = make_data(256, generator)

    for epoch in range(5):
        total = 0.0
        for start in range(0, len(x_train), 64):
            batch = {"x": x_train[start : start + 64]}
            spec = model_fn(model, head, batch, y_train[start : start + 64], ModeKeys.TRAIN, optimizer)
            total += spec.loss.item()
        print(f"epoch {epoch} : loss {total / 8:.4f}")

    metrics = None
    with torch.no_grad():
        for start in range(0, len(x_eval), 64):
            batch = {"x": x_eval[start : start + 64]}
            spec = model_fn(
                model, head, batch, y_eval[start : start + 64], ModeKeys.EVAL, eval_metrics=metrics
            )
            metrics = spec.eval_metric_ops
        for key, metric in sorted(metrics.items()):
            print(f"{key} : {metric.result().item():.4f}")
        spec = model_fn(model, head, {"x": x_eval[:1]}, None, ModeKeys.PREDICT)
    serving = spec.export_outputs["serving_default"]
    scores = ", ".join(
        f"{name} {score:.3f}"
        for name, score in zip(serving.classes[0], serving.scores[0].tolist(), strict=True)
    )
    print(f"prediction : {scores}")


if __name__ == "__main__":
    main()
