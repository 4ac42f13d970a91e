"""Every ```python example in the package's docstrings runs as written.

Like a doctest, an example runs in its module's namespace (the object it documents and the
module's imports are in scope) from the repository's root; everything else it imports itself.
"""

import importlib
import inspect
import pathlib
import pkgutil
import re
import textwrap

import pytest

import tf_hebbgan
from tf_hebbgan.config import load_preset
from tf_hebbgan.gan import GAN
from tf_hebbgan.trainers import experiment

ROOT = pathlib.Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def _documented(module):
    """The module and the classes, functions and methods it defines."""
    yield module.__name__, module
    for name, value in vars(module).items():
        if getattr(value, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(value):
            yield f"{module.__name__}.{name}", value
        elif inspect.isclass(value):
            yield f"{module.__name__}.{name}", value
            for attribute, member in vars(value).items():
                member = getattr(member, "fget", member)  # A property's getter.
                if inspect.isfunction(member):
                    yield f"{module.__name__}.{name}.{attribute}", member


def _examples():
    examples = []
    for info in pkgutil.walk_packages(tf_hebbgan.__path__, "tf_hebbgan."):
        module = importlib.import_module(info.name)
        for name, value in _documented(module):
            for index, code in enumerate(BLOCK.findall(inspect.getdoc(value) or "")):
                examples.append(pytest.param(module, code, id=f"{name}[{index}]"))
    return examples


EXAMPLES = _examples()


def test_the_package_has_examples():
    assert len(EXAMPLES) >= 25


@pytest.fixture(scope="module")
def exported_gan(tmp_path_factory):
    """A directory holding `exported/mine`, a tiny text GAN as `hebbgan export` saves it."""
    root = tmp_path_factory.mktemp("examples")
    workdir = str(root / "run")
    experiment.train(load_preset("tiny_text"), workdir, verbose=0)
    GAN.from_run(workdir).save(str(root / "exported" / "mine"))
    return root


@pytest.mark.parametrize("module, code", EXAMPLES)
def test_example_runs(module, code, request, monkeypatch):
    if "exported/mine" in code:  # The examples of a saved GAN.
        monkeypatch.chdir(request.getfixturevalue("exported_gan"))
    else:
        monkeypatch.chdir(ROOT)
    exec(compile(textwrap.dedent(code), "<example>", "exec"), dict(vars(module)))
