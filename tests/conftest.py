"""Test set-up: quiet TensorFlow, and two logical CPU devices so tf.distribute can be tested."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import tensorflow as tf  # noqa: E402

# Must happen before TensorFlow initialises its devices, hence here, at collection time.
_cpus = tf.config.list_physical_devices("CPU")
tf.config.set_logical_device_configuration(
    _cpus[0], [tf.config.LogicalDeviceConfiguration(), tf.config.LogicalDeviceConfiguration()]
)


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def mirrored_strategy():
    """One MirroredStrategy over the two logical CPUs for the whole session.

    A second MirroredStrategy in one process reuses collective instance keys of the first and
    its all-reduces then fail with shape mismatches, so tests share this one.
    """
    return tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])


from tests.cli_helpers import hebbgan  # noqa: E402


@pytest.fixture(scope="session")
def finished(tmp_path_factory):
    """A finished tiny MLE run, trained once for the whole session."""
    workdir = str(tmp_path_factory.mktemp("cli") / "run")
    result = hebbgan("train", "--preset", "tiny", "--workdir", workdir, "--seed", "3")
    assert result.returncode == 0, result.stderr
    return workdir, result


@pytest.fixture(scope="session")
def text_run(tmp_path_factory):
    """A finished tiny text run on the bundled captions, trained once for the session."""
    workdir = str(tmp_path_factory.mktemp("text") / "run")
    result = hebbgan("train", "--preset", "tiny_text", "--workdir", workdir)
    assert result.returncode == 0, result.stderr
    return workdir, result
