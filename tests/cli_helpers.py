"""Running the `hebbgan` command in a fresh process, and what its tests check of the result."""

import hashlib
import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def hebbgan(*args, cwd=None):
    environment = dict(os.environ, PYTHONPATH=REPO)
    environment.pop("TF_CPP_MIN_LOG_LEVEL", None)  # The command's own default applies.
    return subprocess.run(
        [sys.executable, "-m", "tf_hebbgan.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
        cwd=cwd,
    )


def tree_hashes(directory):
    """`{relative path: sha1}` of every file below `directory`."""
    hashes = {}
    for root, _, files in os.walk(directory):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as file:
                hashes[os.path.relpath(path, directory)] = hashlib.sha1(file.read()).hexdigest()
    return hashes


def assert_one_line_error(result, message, code=None):
    assert result.returncode != 0 and (code is None or result.returncode == code)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0] and lines[0].startswith("hebbgan"), lines[0]


def python(code, *args, cwd=None, quiet=True):
    """`python -c code *args` in a fresh process that imports the repository's package;
    `quiet`: TensorFlow's C++ log off (else the package's own default applies)."""
    environment = dict(os.environ, PYTHONPATH=REPO, TF_CPP_MIN_LOG_LEVEL="3")
    if not quiet:
        environment.pop("TF_CPP_MIN_LOG_LEVEL")
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
        cwd=cwd,
    )
