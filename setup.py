"""Installs the `tf_hebbgan` package and the `hebbgan` command.

Only `tf_hebbgan*` is installed. The recipes of the top-level `models/` travel inside the
package as `tf_hebbgan/_recipes/`, so that `hebbgan train --preset NAME` works from anywhere.
"""

import glob
import os
import shutil

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))


class BuildPyWithRecipes(build_py):
    def run(self):
        super().run()
        target = os.path.join(self.build_lib, "tf_hebbgan", "_recipes")
        os.makedirs(target, exist_ok=True)
        for path in glob.glob(os.path.join(HERE, "models", "*.py")):
            shutil.copy(path, target)


PROBABILITY = ["tensorflow-probability==0.25.*", "tf-keras==2.21.*"]

setup(
    name="tf_hebbgan",
    version="0.1.0",
    description="Adversarial sequence generation with synaptic plasticity (TensorFlow / Keras 3)",
    long_description=open(os.path.join(HERE, "README.md")).read(),
    long_description_content_type="text/markdown",
    python_requires=">=3.10",
    packages=find_packages(include=["tf_hebbgan", "tf_hebbgan.*"]),
    package_data={"tf_hebbgan": ["assets/*.npz", "assets/*.txt"]},
    install_requires=[
        "tensorflow==2.21.*",
        "keras>=3.15",
        "tensorboard",
        "absl-py",
        "numpy",
    ],
    extras_require={
        # TFP (with the tf-keras it needs) checks the samplers in tests and times the Gumbel
        # relaxation in benchmarks; the library itself does not import it.
        "test": ["pytest", "pytest-xdist", "ruff", "matplotlib", "nltk", *PROBABILITY],
        "plot": ["matplotlib"],
        # The same-window PyTorch reference of benchmarks/versus_torch.py (a CPU build).
        "bench": ["torch==2.13.0", *PROBABILITY],
    },
    entry_points={"console_scripts": ["hebbgan=tf_hebbgan.cli:run"]},
    cmdclass={"build_py": BuildPyWithRecipes},
)
