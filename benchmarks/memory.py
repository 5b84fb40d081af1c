"""Peak memory shared by the benchmarks: the peak resident set size a step adds (VmHWM, reset through
/proc/self/clear_refs, minus the resident size before the step). Scripts re-run themselves with a
fixed glibc mmap threshold so that every large tensor is mapped and unmapped, which makes resident
size follow the tensors."""

import os
import sys
from collections.abc import Callable
from pathlib import Path

MMAP_THRESHOLD = "131072"


def resident_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def peak_extra_mib(step: Callable[[], object]) -> float:
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current VmRSS
    before = resident_kib("VmRSS")
    step()
    return (resident_kib("VmHWM") - before) / 1024


def rerun_with_fixed_mmap_threshold() -> None:
    if os.environ.get("MALLOC_MMAP_THRESHOLD_") != MMAP_THRESHOLD:
        os.environ["MALLOC_MMAP_THRESHOLD_"] = MMAP_THRESHOLD
        os.execv(sys.executable, [sys.executable, *sys.argv])
