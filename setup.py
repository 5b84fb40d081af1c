"""Builds the multilabel_head Python package with the project's CMake build (torchcodec's pattern).

CMake compiles libmultilabel_head and the _C module once, in build/, and installs both into the
package folder. torch is not a build requirement: build with `pip install --no-build-isolation .`
so that the extension compiles against the torch already installed (torch==2.13.0).
"""

import os
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        self._build_dir = Path(os.environ.get("MLH_BUILD_DIR", ROOT / "build"))
        try:
            import torch
        except ImportError as error:
            raise RuntimeError(
                "multilabel_head builds against an installed torch: run "
                "`pip install torch==2.13.0`, then `pip install --no-build-isolation .`"
            ) from error
        build_dir = self._build_dir
        jobs = os.environ.get("MAX_JOBS", "2")
        configure = [
            "cmake", "-S", str(ROOT), "-B", str(build_dir),
            f"-DCMAKE_PREFIX_PATH={torch.utils.cmake_prefix_path}",
            f"-DPython3_EXECUTABLE={sys.executable}",
            "-DMLH_BUILD_PYTHON=ON",
            "-DCMAKE_BUILD_TYPE=Release",
        ]  # fmt: skip
        subprocess.check_call(configure)
        subprocess.check_call(["cmake", "--build", str(build_dir), "-j", jobs])
        self._install(Path(self.get_ext_fullpath(ext.name)).resolve().parent)

    def copy_extensions_to_source(self):
        # Editable installs: _C and libmultilabel_head.so go into the source package.
        self._install(ROOT / "python" / "multilabel_head")

    def _install(self, package_dir):
        subprocess.check_call(
            ["cmake", "--install", str(self._build_dir), "--component", "python",
             "--prefix", str(package_dir)]
        )  # fmt: skip


setup(
    ext_modules=[Extension("multilabel_head._C", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
)
