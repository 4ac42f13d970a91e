"""The package surface: what `import tf_hebbgan` registers, and what each subpackage exports."""

import glob
import importlib
import os
import re

import pytest

import tf_hebbgan
from tests.cli_helpers import REPO, python

PACKAGES = ("data", "layers", "losses", "metrics", "models", "optimizers", "samplers", "trainers")


def test_every_serializable_class_is_registered_by_importing_the_package():
    decorated = {}
    for path in glob.glob(os.path.join(REPO, "tf_hebbgan", "**", "*.py"), recursive=True):
        with open(path, encoding="utf-8") as file:
            source = file.read()
        for name in re.findall(r"register_keras_serializable\([^)]*\)\s*\nclass (\w+)", source):
            module = os.path.relpath(path, REPO)[: -len(".py")].replace(os.sep, ".")
            decorated[name] = module
    assert decorated == tf_hebbgan.SERIALIZABLE


def test_a_relational_memory_generator_loads_after_importing_the_package_alone(tmp_path):
    from tf_hebbgan.models import RelationalMemoryGenerator

    generator = RelationalMemoryGenerator(
        vocabulary_size=12, sequence_length=5, embedding_dim=4, head_size=4, num_heads=2
    )
    path = str(tmp_path / "generator.keras")
    generator.save(path)
    code = (
        "import tf_hebbgan, keras\n"
        f"model = keras.saving.load_model({path!r}, safe_mode=True)\n"
        "print(type(model).__name__)\n"
    )
    result = python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "RelationalMemoryGenerator"


def test_the_library_runs_without_tensorflow_probability():
    """TFP (and the tf-keras it needs) is a test and benchmark dependency only: no module of
    the package imports it, so a user's install and every process's start-up go without."""
    code = (
        "import pkgutil, importlib, sys, tf_hebbgan\n"
        "for module in pkgutil.walk_packages(tf_hebbgan.__path__, 'tf_hebbgan.'):\n"
        "    importlib.import_module(module.name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('tensorflow_probability', 'tf_keras')))\n"
    )
    result = python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]", result.stdout


@pytest.mark.parametrize("package", PACKAGES)
def test_each_subpackage_exports_its_public_names_and_the_reference_lists_them(package):
    module = importlib.import_module(f"tf_hebbgan.{package}")
    with open(os.path.join(REPO, "docs", "api.md"), encoding="utf-8") as file:
        reference = file.read()
    assert module.__all__, package
    for name in module.__all__:
        value = getattr(module, name)
        assert not isinstance(value, type(os)), f"tf_hebbgan.{package}.{name} is a module"
        assert f"`tf_hebbgan.{package}.{name}`" in reference, name


def test_the_reference_is_rendered_from_the_code():
    from tf_hebbgan.api_reference import render

    with open(os.path.join(REPO, "docs", "api.md"), encoding="utf-8") as file:
        assert file.read() == render(), "python -m tf_hebbgan.api_reference > docs/api.md"


def test_a_library_user_sees_no_tensorflow_start_up_lines():
    code = (
        "import tf_hebbgan\n"
        "from tf_hebbgan.models import LSTMGenerator\n"
        "import tensorflow as tf\n"
        "cpu = tf.config.list_physical_devices('CPU')[0]\n"  # Still configurable afterwards.
        "logical = [tf.config.LogicalDeviceConfiguration()]\n"
        "tf.config.set_logical_device_configuration(cpu, logical)\n"
        "print(LSTMGenerator(vocabulary_size=9, sequence_length=3).sample(2, seed=1).shape)\n"
    )
    result = python(code, quiet=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "(2, 3)"
    assert result.stderr == "", result.stderr
