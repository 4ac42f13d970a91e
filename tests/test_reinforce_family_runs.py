"""MaliGAN, RankGAN and LeakGAN through the command line: train, sample, evaluate, and the
SavedModel export, loaded with TensorFlow alone, answering as the library."""

import json
import os

import numpy as np
import pytest

from tests.test_cli import assert_one_line_error, hebbgan
from tests.test_export import _library, _serve


@pytest.mark.parametrize(
    "preset,discriminator",
    [
        # MaliGAN runs SeqGAN's generator and discriminator, whose export test_export.py
        # checks; its tiny recipe runs whole in test_resume_reinforce.py.
        pytest.param("maligan_tiny", "CNNDiscriminator", marks=pytest.mark.slow),
        ("rankgan_tiny", "CNNRanker"),
        ("leakgan_tiny", "CNNDiscriminator"),
    ],
)
def test_trains_samples_evaluates_and_exports(preset, discriminator, tmp_path):
    workdir, out = str(tmp_path / "run"), str(tmp_path / "exported")
    result = hebbgan("train", "--preset", preset, "--workdir", workdir)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["adversarial_epochs"] == 3 and np.isfinite(figures["nll_oracle"])
    sampled = hebbgan("sample", "--workdir", workdir, "--num_samples", "3", "--seed", "1")
    assert sampled.returncode == 0, sampled.stderr
    assert len(sampled.stdout.strip().splitlines()) == 3
    evaluated = hebbgan("evaluate", "--workdir", workdir, "--num_samples", "64")
    assert evaluated.returncode == 0 and "NLL-oracle" in evaluated.stdout, evaluated.stderr
    exported = hebbgan("export", "--workdir", workdir, "--out", out)
    assert exported.returncode == 0, exported.stderr
    served = _serve(out)
    assert served["signatures"] == ["log_prob", "sample", "score", "serving_default"]
    tokens = np.array(served["tokens"], "int32")
    samples, log_prob, score = _library(workdir, tokens)
    np.testing.assert_array_equal(tokens, samples)
    np.testing.assert_allclose(served["log_prob"], log_prob, rtol=1e-5)
    np.testing.assert_allclose(served["score"], score, rtol=1e-5, atol=1e-7)

    from tf_hebbgan.config import Config
    from tf_hebbgan.export import load_discriminator
    from tf_hebbgan.trainers import experiment

    config = Config.from_json(f"{workdir}/config.json")
    loaded = load_discriminator(workdir, config, experiment.load_generator(workdir))
    assert type(loaded).__name__ == discriminator
    bundle = str(tmp_path / "gan")
    exported = hebbgan("export", "--workdir", workdir, "--out", bundle, "--format", "keras")
    assert exported.returncode == 0, exported.stderr

    from tf_hebbgan.gan import GAN

    gan = GAN.load(bundle)
    assert type(gan.discriminator).__name__ == discriminator
    np.testing.assert_allclose(gan.discriminator.probability_real(tokens), score, rtol=1e-5)


def test_rankgan_settings_and_data_are_checked_before_anything_is_written(tmp_path):
    workdir = str(tmp_path / "run")
    for setting, message in (
        ("rank_comparison=1000", "rankgan draws rank_references + rank_comparison = 1004"),
        ("rank_gamma=0", "rank_gamma must be positive"),
        ("discriminator_plasticity=output_stateful", "no plastic ranker"),
    ):
        result = hebbgan(
            "train", "--preset", "rankgan_tiny", "--workdir", workdir, "--set", setting
        )
        assert_one_line_error(result, message)
        assert not os.path.exists(workdir)


def test_rankgan_trains_on_text_and_samples_sentences(tmp_path):
    """The COCO recipes' path at tiny shapes: end tokens in the ranker's references, BLEU and
    self-BLEU, sentences out (LeakGAN's text path: test_leakgan_trainer.py)."""
    workdir = str(tmp_path / "run")
    text = [
        "--set", "data=tf_hebbgan:assets/tiny_captions.txt",
        "--set", "test_data=tf_hebbgan:assets/tiny_captions_test.txt",
        "--set", "num_eval_samples=32",
    ]  # fmt: skip
    result = hebbgan("train", "--preset", "rankgan_tiny", "--workdir", workdir, *text)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert np.isfinite(figures["bleu_5"]) and np.isfinite(figures["self_bleu_5"])
    sampled = hebbgan("sample", "--workdir", workdir, "--num_samples", "3", "--seed", "1")
    assert sampled.returncode == 0, sampled.stderr
    lines = sampled.stdout.strip().splitlines()
    assert len(lines) == 3 and all(line.split() for line in lines)


def test_leakgan_settings_are_checked_before_anything_is_written(tmp_path):
    workdir = str(tmp_path / "run")
    for settings, message in (
        (("generator_cell=lstm",), "gan 'leakgan' and generator_cell 'leakgan' go together"),
        (("moment_weight=0.1",), "takes no moment"),
        (("discriminator_plasticity=output_stateful",), "leaks a plain CNN discriminator"),
        (("leak_horizon=0",), "leak_horizon must be positive"),
        (("leak_refresh_every=-1",), "leak_refresh_every must be >= 0"),
        (("leak_refresh_rounds=0",), "leak_refresh_rounds positive"),
        (("gan=seqgan", "generator_cell=lstm"), "leak_refresh_every needs gan 'leakgan'"),
    ):
        overrides = [item for setting in settings for item in ("--set", setting)]
        result = hebbgan("train", "--preset", "leakgan_tiny", "--workdir", workdir, *overrides)
        assert_one_line_error(result, message)
        assert not os.path.exists(workdir)
