"""The Gumbel-softmax family through the command line: train, sample, evaluate, export."""

import json
import os

import numpy as np
import pytest
import tensorflow as tf

from tests.test_cli import assert_one_line_error, hebbgan


def test_gsgan_trains_samples_evaluates_and_exports(tmp_path):
    workdir = str(tmp_path / "run")
    # GSGAN: the tiny RelGAN recipe with SeqGAN's LSTM generator.
    result = hebbgan(
        "train", "--preset", "relgan_tiny", "--workdir", workdir, "--set", "generator_cell=lstm"
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["adversarial_epochs"] == 4 and np.isfinite(figures["nll_oracle"])
    assert "mle_nll_oracle" in figures and "step_seconds_median" in figures
    sampled = hebbgan("sample", "--workdir", workdir, "--num_samples", "3", "--seed", "1")
    assert sampled.returncode == 0, sampled.stderr
    assert len(sampled.stdout.strip().splitlines()) == 3
    evaluated = hebbgan("evaluate", "--workdir", workdir)
    assert evaluated.returncode == 0 and "NLL-oracle" in evaluated.stdout, evaluated.stderr
    # By default it draws the samples of the run's final figures: they come out again.
    again = json.loads(evaluated.stdout.strip().splitlines()[-1])
    assert again == pytest.approx({key: figures[key] for key in ("nll_oracle", "nll_test")})
    out = str(tmp_path / "gan")
    exported = hebbgan("export", "--workdir", workdir, "--out", out, "--format", "keras")
    assert exported.returncode == 0, exported.stderr

    from tf_hebbgan.gan import GAN
    from tf_hebbgan.models import LSTMGenerator, RelGANDiscriminator

    gan = GAN.load(out)
    assert type(gan.generator) is LSTMGenerator
    assert isinstance(gan.discriminator, RelGANDiscriminator)
    # The exported discriminator holds the trained weights of the run's last checkpoint.
    checkpoints = os.path.join(workdir, "checkpoints")
    (index,) = [name for name in os.listdir(checkpoints) if name.endswith(".index")]
    newest = os.path.join(checkpoints, index[: -len(".index")])  # A finished run keeps one.
    reader = tf.train.load_checkpoint(newest)
    saved = reader.get_tensor("discriminator/embedding/_kernel/.ATTRIBUTES/VARIABLE_VALUE")
    np.testing.assert_array_equal(gan.discriminator.embedding.kernel.numpy(), saved)


def test_relgan_settings_are_checked_before_anything_is_written(tmp_path):
    workdir = str(tmp_path / "run")
    for setting, message in (
        ("gan=wgan", "gan must be one of"),
        ("gan_loss=ls", "gan_loss must be one of"),
        ("gumbel_schedule=cosine", "gumbel_schedule must be one of"),
        ("discriminator_num_rep=3", "must be a multiple of discriminator_num_rep"),
        ("discriminator_plasticity=highway_stateful", "no highway_stateful"),
    ):
        result = hebbgan("train", "--preset", "relgan_tiny", "--workdir", workdir, "--set", setting)
        assert_one_line_error(result, message)
        assert not os.path.exists(workdir)
