"""MaliGAN, RankGAN and LeakGAN killed mid-round and resumed with the same command: the
uninterrupted weights, bit for bit; and the uninterrupted runs sampled, evaluated and exported
through the command line, the SavedModel loaded with TensorFlow alone answering as the library
(one file, so that each tiny run trains once and the resume files run in parallel)."""

import json

import numpy as np
import pytest

from tests.test_cli import hebbgan
from tests.test_export import _library, _serve
from tests.trainers.resume_cases import check_killed_and_resumed, uninterrupted_runs


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    return uninterrupted_runs(tmp_path_factory, ("maligan", "rankgan", "leakgan"))


@pytest.mark.parametrize(
    "run,point",
    [
        ("maligan", "round:2"),  # MaliGAN's step, mid-round.
        ("rankgan", "round:2"),  # RankGAN's ranker, mid-round: its real sets drawn again.
        # LeakGAN's interleaved MLE, killed after the round before its second epoch: the
        # round is replayed from the first epoch's checkpoint, discriminator included.
        pytest.param("leakgan", "round:2", marks=pytest.mark.slow),
        ("leakgan", "round:4"),  # LeakGAN, mid adversarial phase: the leak refreshed after it.
    ],
)
def test_killed_and_resumed_runs_end_with_the_uninterrupted_weights(
    run, point, uninterrupted, tmp_path
):
    check_killed_and_resumed(run, point, uninterrupted[run].state, tmp_path)


@pytest.mark.parametrize(
    "run,discriminator",
    [
        # MaliGAN runs SeqGAN's generator and discriminator, whose export test_export.py checks.
        pytest.param("maligan", "CNNDiscriminator", marks=pytest.mark.slow),
        ("rankgan", "CNNRanker"),
        ("leakgan", "CNNDiscriminator"),
    ],
)
def test_a_run_samples_evaluates_and_exports(run, discriminator, uninterrupted, tmp_path):
    workdir, out = str(uninterrupted[run].workdir), str(tmp_path / "exported")
    with open(f"{workdir}/results.json") as file:
        figures = json.load(file)
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
