"""The gandyn Python package: pure Python (gandyn/) over one compiled module, gandyn._core,
built from python/src/_core.cpp and the registry's definition units
(examples/gandyn/registry/, the same sources as the CMake target gandyn::registry), against
the headers in include/, Eigen, Boost and nlohmann-json from Debian's packages.

Offline, from the repository's root:
    /usr/bin/python3 -m venv --system-site-packages .venv
    .venv/bin/pip install --no-build-isolation --no-index ./python
"""

import os
import re
import subprocess
import tempfile

from pybind11.setup_helpers import Pybind11Extension, build_ext
from setuptools import find_packages, setup

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)


def relative(*parts):
    return os.path.relpath(os.path.join(root, *parts), here)


def project_version():
    with open(os.path.join(root, "CMakeLists.txt"), encoding="utf-8") as f:
        match = re.search(r"project\(gandyn\s+VERSION\s+([0-9.]+)", f.read())
    return match.group(1) if match else "0.0.0"


def openmp_flags():
    """-fopenmp if the compiler takes it (the sweeps run in parallel), else nothing."""
    compiler = os.environ.get("CXX", "c++")
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "omp.cpp")
        with open(source, "w") as f:
            f.write("#include <omp.h>\nint main() { return omp_get_max_threads() > 0 ? 0 : 1; }\n")
        try:
            subprocess.run([compiler, "-fopenmp", source, "-o", os.path.join(tmp, "omp")], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return ["-fopenmp"]
        except (OSError, subprocess.CalledProcessError):
            return []


def package_data():
    """Every file of the package that is not Python (the gallery's templates), by package."""
    data = {}
    for folder, subfolders, files in os.walk(os.path.join(here, "gandyn")):
        subfolders[:] = [d for d in subfolders if d != "__pycache__"]
        package_folder = folder
        while not os.path.exists(os.path.join(package_folder, "__init__.py")):
            package_folder = os.path.dirname(package_folder)
        package = os.path.relpath(package_folder, here).replace(os.sep, ".")
        for name in files:
            if not name.endswith((".py", ".pyc")):
                data.setdefault(package, []).append(os.path.relpath(os.path.join(folder, name), package_folder))
    return data


version = project_version()
openmp = openmp_flags()
core = Pybind11Extension(
    "gandyn._core",
    sources=[os.path.join("src", "_core.cpp")]
    # Every unit of the registry library (examples/gandyn/CMakeLists.txt, gandyn_registry).
    + [relative("examples", "gandyn", "registry", name)
       for name in sorted(os.listdir(os.path.join(root, "examples", "gandyn", "registry"))) if name.endswith(".cpp")],
    include_dirs=[relative("include"), "/usr/include/eigen3"],
    define_macros=[("GANDYN_VERSION", f'"{version}"')],
    cxx_std=20,
    extra_compile_args=["-O2", "-g0"] + openmp,
    extra_link_args=openmp,
)

setup(
    name="gandyn",
    version=version,
    description="GAN training dynamics as ODEs: fields, update rules, exact analysis (Dirac-GAN)",
    long_description=__doc__,
    license="MIT",
    packages=find_packages(include=["gandyn", "gandyn.*"]),
    package_data=package_data(),
    ext_modules=[core],
    cmdclass={"build_ext": build_ext},
    python_requires=">=3.9",
    install_requires=["numpy"],
    extras_require={"sweep": ["xarray"], "dask": ["xarray", "dask", "distributed"]},
    zip_safe=False,
)
