"""Every compiled copy of the kernels (DEFAULT, AVX2, AVX512) gives the reference numbers: the loss,
its gradient and the metrics pass.

The copy is chosen once per process from ATen's CPU capability, so each runs in a subprocess with
ATEN_CPU_CAPABILITY set; capabilities this CPU lacks are skipped (ATen would fall back anyway).
"""

import os
import subprocess
import sys
import textwrap

import pytest
import torch

ORDER = ["DEFAULT", "AVX2", "AVX512"]
SCRIPT = textwrap.dedent(
    """
    import numpy as np, torch, multilabel_head
    torch.manual_seed(0)
    ops = torch.ops.multilabel_head
    for classes in (1, 5, 16, 33, 1100):
        x = torch.randn(37, classes, dtype=torch.float64) * 5
        z = torch.rand(37, classes, dtype=torch.float64)
        for dtype in (torch.float32, torch.float64):
            xd, g = x.to(dtype), torch.rand(37, 1, dtype=dtype)
            loss = ops.sigmoid_cross_entropy(xd, z.float()).double().numpy()
            grad = ops.sigmoid_cross_entropy_backward(g, xd, z.bool()).double().numpy()
            xn, zn = xd.double().numpy(), z.float().double().numpy()
            ref = (np.maximum(xn, 0) - xn * zn + np.log1p(np.exp(-np.abs(xn)))).mean(-1, keepdims=True)
            ref_grad = g.double().numpy() * (1 / (1 + np.exp(-xn)) - (zn != 0)) / classes
            tol = 1e-6 if dtype == torch.float32 else 1e-12
            np.testing.assert_allclose(loss, ref, rtol=tol, atol=tol)
            np.testing.assert_allclose(grad, ref_grad, rtol=tol * 10, atol=tol)
    for classes in (3, 700):  # the metrics pass, both work splits
        x, z = torch.randn(50, classes) * 4, torch.rand(50, classes) < 0.3
        histogram, counts, sums, loss = ops.binned_counts(x, z, None, 199, [0.5], True, True, True)
        p = torch.sigmoid(x).numpy()
        buckets = np.maximum(0, np.ceil(p * np.float32(199)) - 1).astype(int)
        for c in range(classes):
            expected = np.bincount(buckets[:, c], z[:, c], minlength=199)
            np.testing.assert_array_equal(histogram[c, :, 1], expected)
        assert counts[0, 0] == ((p > 0.5) & z.numpy()).sum()
        np.testing.assert_allclose(sums[:, 0], p.astype(np.float64).sum(0), rtol=1e-6)
        ref = (np.maximum(x, 0) - x * z + np.log1p(np.exp(-np.abs(x)))).double().mean(1).sum()
        np.testing.assert_allclose(loss[0].item(), ref.item(), rtol=1e-6)
    print(torch.backends.cpu.get_cpu_capability())
    """
)


@pytest.mark.parametrize("capability", ORDER)
def test_kernel_copy_matches_reference(capability):
    best = torch.backends.cpu.get_cpu_capability()
    if best not in ORDER or ORDER.index(capability) > ORDER.index(best):
        pytest.skip(f"this CPU's best capability is {best}")
    environment = {**os.environ, "ATEN_CPU_CAPABILITY": capability.lower()}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=environment, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == capability
