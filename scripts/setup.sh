#!/usr/bin/env bash
# Installs what building and testing multilabel_head needs, skipping what is already there:
# Debian packages (compiler, CMake, GoogleTest, nlohmann-json, ccache, clang-format) and the pinned
# Python packages (scikit-learn is the exact AUC's reference and the demo's baseline; tqdm and
# matplotlib draw the demo's progress and curves). torch comes from pip as the 2.13.0 CPU wheel,
# never unpinned.
set -euo pipefail

APT_PACKAGES=(g++ make cmake ccache libgtest-dev nlohmann-json3-dev clang-format)
PIP_PACKAGES=(torch==2.13.0 numpy pytest ruff==0.17.6 scikit-learn==1.9.1 tqdm==4.70.1 matplotlib==3.11.2)

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check "${PIP_PACKAGES[@]}"
