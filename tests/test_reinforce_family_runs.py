"""MaliGAN, RankGAN and LeakGAN through the command line: their settings checked before
anything is written, and RankGAN on text (their oracle runs sampled, evaluated and exported:
trainers/test_resume_reinforce.py, beside the resume cases that train them)."""

import json
import os

import numpy as np

from tests.test_cli import assert_one_line_error, hebbgan


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
