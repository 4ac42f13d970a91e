"""`precision="auto"` is chosen at a run's first start and kept: resumes and readers use it."""

import json
import os

import pytest
import tensorflow as tf

from tf_hebbgan.config import Config, apply_overrides, load_preset
from tf_hebbgan.gan import GAN
from tf_hebbgan.trainers import experiment, run_precision
from tf_hebbgan.trainers.run_precision import PRECISION_FILE, pin_precision


@pytest.fixture
def measured(monkeypatch):
    """Sets the bf16 speedup this machine 'measures' (no GPU): `measured(2.0)`."""
    monkeypatch.setattr(run_precision, "gpu_has_bf16", lambda: False)

    def set_speedup(value):
        monkeypatch.setattr(run_precision, "measured_bf16_speedup", lambda: value)

    return set_speedup


def test_auto_is_the_default_and_older_configs_read_as_float32():
    assert Config().precision == "auto"
    old = Config(precision="float32").to_dict()
    del old["precision"]  # A config.json written before the field existed.
    assert Config.from_dict(old).precision == "float32"
    assert load_preset("tiny").precision == "float32"  # Tests: the same on every machine.


def test_the_first_start_chooses_and_every_later_one_reads_the_choice(tmp_path, measured):
    config = Config(precision="auto")
    measured(1.9)
    assert pin_precision(config, str(tmp_path)).precision == "mixed_bfloat16"
    with open(tmp_path / PRECISION_FILE) as file:
        assert json.load(file) == {"precision": "mixed_bfloat16", "cpu_bf16_matmul_speedup": 1.9}
    measured(0.7)  # Resumed on a CPU where bf16 is slower: it goes on as it began.
    assert pin_precision(config, str(tmp_path)).precision == "mixed_bfloat16"
    (tmp_path / "other").mkdir()
    assert pin_precision(config, str(tmp_path / "other")).precision == "float32"
    chosen = Config(precision="float32")
    assert pin_precision(chosen, str(tmp_path / "chosen")) is chosen
    assert not os.path.exists(tmp_path / "chosen")


def test_a_broken_choice_is_one_line(tmp_path):
    (tmp_path / PRECISION_FILE).write_text('{"precision": "half"}')
    with pytest.raises(ValueError, match=r"precision.json does not hold a precision"):
        pin_precision(Config(precision="auto"), str(tmp_path))


def test_replicas_take_the_mean_speedup(measured):
    strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
    assert run_precision.replica_mean(1.5, strategy) == pytest.approx(1.5)
    measured(1.3)
    assert run_precision.choose(strategy)["precision"] == "mixed_bfloat16"
    measured(1.2)
    assert run_precision.choose(strategy)["precision"] == "float32"


def test_a_continued_run_and_its_gan_keep_the_first_starts_precision(tmp_path, measured):
    workdir = str(tmp_path / "run")
    short = apply_overrides(
        load_preset("seqgan_tiny"), ["mle_epochs=1", "adversarial_epochs=1", "precision=auto"]
    )
    measured(1.9)
    results = experiment.train(short, workdir, verbose=0)
    assert results["precision"] == "mixed_bfloat16"
    assert results["cpu_bf16_matmul_speedup"] == 1.9
    assert Config.from_json(os.path.join(workdir, "config.json")).precision == "auto"
    measured(0.7)
    longer = apply_overrides(short, ["adversarial_epochs=2"])
    assert experiment.train(longer, workdir, verbose=0)["precision"] == "mixed_bfloat16"
    assert GAN.from_run(workdir).discriminator.highway.compute_dtype == "bfloat16"
    with open(os.path.join(workdir, PRECISION_FILE), "w") as file:
        json.dump({"precision": "float32"}, file)  # Edited: the checksums refuse it.
    with pytest.raises(ValueError, match="another precision"):
        experiment.train(longer, workdir, verbose=0)
