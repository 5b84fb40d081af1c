"""The main demo on small slices, so that CI catches breakage: generated data, real data where this
machine has an apt index, the scikit-learn baseline, two processes, and the missing-data message."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "python" / "debtags.py"
SMALL_SYNTHETIC = ("--synthetic", "--synthetic-size", "2000", "--epochs", "1")


def _run(*args: str, env: dict | None = None, launcher: tuple[str, ...] = (sys.executable,)) -> str:
    result = subprocess.run(
        [*launcher, str(SCRIPT), *args], capture_output=True, text=True, timeout=600, env=env
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _metric_lines(output: str) -> dict[str, float]:
    lines = [line for line in output.splitlines() if " : " in line]
    assert lines == sorted(lines, key=lambda line: line.split(" : ")[0])
    return {key: float(value) for key, value in (line.split(" : ") for line in lines)}


def _check_outputs(output: str, directory: Path) -> dict[str, float]:
    metrics = _metric_lines(output)
    assert {
        "auc",
        "auc_precision_recall",
        "average_loss",
        "precision/positive_threshold_0.5",
    } <= metrics.keys()
    assert sum(key.startswith("auc/") for key in metrics) == 5  # the five most frequent tags
    for name in ("curves.png", "model.pt2", "model.pt"):
        assert (directory / name).stat().st_size > 0
    assert sum(line.startswith("  true tags:") for line in output.splitlines()) == 3
    return metrics


def test_synthetic_slice(tmp_path):
    output = _run(*SMALL_SYNTHETIC, "--output-dir", str(tmp_path))
    _check_outputs(output, tmp_path)


@pytest.mark.skipif(
    not any(Path("/var/lib/apt/lists").glob("*Packages*")), reason="no apt package index on this machine"
)
def test_real_index_slice(tmp_path):
    output = _run("--limit", "4000", "--epochs", "1", "--output-dir", str(tmp_path))
    assert "tagged packages" in output
    _check_outputs(output, tmp_path)


def test_baseline_agrees_with_scikit_learn(tmp_path):
    output = _run(*SMALL_SYNTHETIC, "--baseline", "--output-dir", str(tmp_path))
    line = next(line for line in output.splitlines() if "micro ROC AUC exact" in line)
    sklearn_value, head_value = (part.split()[-1] for part in line.split(":", 1)[1].split(","))
    assert sklearn_value == head_value


def test_two_processes_report_the_whole_held_out_set(tmp_path):
    torchrun = (sys.executable, "-m", "torch.distributed.run", "--nproc_per_node=2")
    output = _run(*SMALL_SYNTHETIC, "--output-dir", str(tmp_path), launcher=torchrun)
    assert "2 process(es)" in output
    _check_outputs(output, tmp_path)


def test_without_data_it_says_what_to_do(tmp_path):
    env = {**os.environ, "PATH": str(tmp_path)}  # no apt-get
    result = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode != 0
    assert "--data" in result.stderr and "--synthetic" in result.stderr
