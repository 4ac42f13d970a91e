"""The whole GAN in the Keras format: written by `hebbgan export --format keras`, loaded in
safe mode, the same networks as the run's."""

import os
import subprocess
import sys

import numpy as np
import pytest

from tests.test_cli import assert_one_line_error, hebbgan
from tf_hebbgan.config import apply_overrides, load_preset
from tf_hebbgan.gan import GAN
from tf_hebbgan.trainers import experiment

LOAD_IN_SAFE_MODE = """
import sys
import keras
import tf_hebbgan
for name in ("generator.keras", "discriminator.keras"):
    keras.saving.load_model(f"{sys.argv[1]}/{name}", safe_mode=True)
print("ok")
"""


@pytest.fixture(scope="module")
def plastic_text_run(tmp_path_factory):
    """A tiny text SeqGAN with a stateful plastic discriminator."""
    workdir = str(tmp_path_factory.mktemp("gan") / "run")
    config = apply_overrides(load_preset("tiny_text"), ["discriminator_plasticity=output_stateful"])
    experiment.train(config, workdir, verbose=0)
    return workdir


def test_keras_format_round_trip(plastic_text_run, tmp_path):
    out = str(tmp_path / "gan")
    result = hebbgan("export", "--workdir", plastic_text_run, "--out", out, "--format", "keras")
    assert result.returncode == 0, result.stderr
    assert sorted(os.listdir(out)) == [
        "config.json",
        "discriminator.keras",
        "generator.keras",
        "vocabulary.txt",
    ]
    loaded = subprocess.run(
        [sys.executable, "-c", LOAD_IN_SAFE_MODE, out], capture_output=True, text=True
    )
    assert loaded.stdout.strip() == "ok", loaded.stderr[-2000:]

    run, saved = GAN.from_run(plastic_text_run), GAN.load(out)
    assert saved.config == run.config and saved.vocabulary == run.vocabulary
    tokens = run.generator.sample(16, seed=3)
    np.testing.assert_array_equal(saved.generator.sample(16, seed=3), tokens)
    np.testing.assert_allclose(saved.generator.nll(tokens), run.generator.nll(tokens), rtol=1e-6)
    trace = run.discriminator.output_layer.trace
    assert np.abs(trace).max() > 0  # Trained: the stateful trace is not zero.
    np.testing.assert_array_equal(saved.discriminator.output_layer.trace, trace)
    np.testing.assert_allclose(
        saved.discriminator.probability_real(tokens),
        run.discriminator.probability_real(tokens),
        rtol=1e-6,
    )


def test_bad_saved_gans_are_named(plastic_text_run, tmp_path):
    with pytest.raises(ValueError, match="holds no generator.keras"):
        GAN.load(str(tmp_path))
    out = str(tmp_path / "gan")
    GAN.from_run(plastic_text_run).save(out)
    with pytest.raises(ValueError, match="not an empty directory"):
        GAN.from_run(plastic_text_run).save(out)
    with open(os.path.join(out, "discriminator.keras"), "r+b") as file:
        file.truncate(100)
    with pytest.raises(ValueError, match="discriminator.keras is not a readable .keras file"):
        GAN.load(out)
    with open(os.path.join(out, "vocabulary.txt"), "a", encoding="utf-8") as file:
        file.write("zzqx-not-a-word\n")
    os.remove(os.path.join(out, "discriminator.keras"))
    with pytest.raises(ValueError, match="Vocabulary mismatch"):
        GAN.load(out)
    assert_one_line_error(
        hebbgan("export", "--workdir", plastic_text_run, "--out", out, "--format", "keras"),
        "is not an empty directory",
    )
