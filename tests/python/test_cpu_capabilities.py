"""Every compiled copy of the kernels (DEFAULT, AVX2, AVX512) gives the reference numbers.

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
