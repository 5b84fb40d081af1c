#!/usr/bin/env bash
# The demo: installs what it needs, builds the package, and learns Debian's debtags from this
# machine's package index (examples/python/debtags.py; extra arguments go to it, e.g. --synthetic).
set -euo pipefail
cd "$(dirname "$0")/.."
export MAX_JOBS="${MAX_JOBS:-2}" CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}"
bash scripts/setup.sh
python3 -m pip install -q --disable-pip-version-check --no-build-isolation -e .
python3 examples/python/debtags.py "$@"
