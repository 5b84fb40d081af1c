#!/usr/bin/env bash
# Every test: builds the library, the Python package and the GoogleTest suite with CMake, runs the
# C++ tests, builds the C++ example against the installed CMake package and checks that it prints
# what the Python example prints, runs the Python tests, and checks formatting.
set -euo pipefail
cd "$(dirname "$0")/.."
export MAX_JOBS="${MAX_JOBS:-2}" CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}"

bash scripts/setup.sh
torch_prefix=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')

echo "== build: Python package (CMake through setup.py), then the C++ tests in the same build"
python3 -m pip install -q --disable-pip-version-check --no-build-isolation -e .
cmake -S . -B build -DMLH_BUILD_TESTS=ON -DCMAKE_PREFIX_PATH="$torch_prefix" >/dev/null
cmake --build build

echo "== C++ tests"
ctest --test-dir build --output-on-failure

echo "== C++ apps against the installed package"
rm -rf build/install build/apps
cmake --install build --prefix build/install >/dev/null
for app in examples/cpp/seed examples/cpp/serve examples/cpp/train tests/cpp/installed_package; do
  cmake -S "$app" -B "build/apps/$(basename "$app")" \
    -DCMAKE_PREFIX_PATH="$PWD/build/install;$torch_prefix" >/dev/null
  cmake --build "build/apps/$(basename "$app")"
done
build/apps/installed_package/operators_by_name
diff <(build/apps/seed/seed_example) <(python3 examples/python/seed_example.py)
echo "C++ and Python seed examples print the same"
python3 examples/python/custom_model_fn.py
build/apps/train/train
python3 examples/python/export.py build/export > build/export.txt  # before the app reads it
diff build/export.txt <(build/apps/serve/serve build/export)
echo "the C++ app serves the exported model and loss with Python's numbers"

echo "== Python tests"
status=0
python3 -m pytest tests/python || status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests" >&2
fi
[ "$status" -eq 0 ] || exit "$status"

echo "== formatting"
ruff check .
ruff format --check .
git ls-files -- '*.cpp' '*.h' | xargs clang-format --dry-run --Werror
