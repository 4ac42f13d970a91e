"""SeqGAN end to end with the tiny preset: crash mid-run, resume from the checkpoint, finish."""

import glob
import os

import pytest
import tensorflow as tf

from tf_hebbgan.config import load_preset
from tf_hebbgan.trainers import experiment
from tf_hebbgan.trainers.checkpoints import SafeCheckpoints
from tf_hebbgan.trainers.seqgan_trainer import SeqGANTrainer


class CrashError(Exception):
    pass


def scalar_tags(directory):
    tags = set()
    for path in glob.glob(os.path.join(directory, "**", "events.out.tfevents.*"), recursive=True):
        for record in tf.data.TFRecordDataset(path):
            event = tf.compat.v1.Event.FromString(record.numpy())
            tags.update(value.tag for value in event.summary.value)
    return tags


def test_seqgan_tiny_crashes_resumes_and_finishes(tmp_path, monkeypatch, capsys):
    config = load_preset("seqgan_tiny")
    workdir = str(tmp_path / "run")
    calls = {"generator_steps": 0}
    original_update = SeqGANTrainer.update_rollout

    def crash_in_second_epoch(self):
        calls["generator_steps"] += 1
        if calls["generator_steps"] == 2:
            raise CrashError()
        original_update(self)

    monkeypatch.setattr(SeqGANTrainer, "update_rollout", crash_in_second_epoch)
    with pytest.raises(CrashError):
        experiment.train(config, workdir, verbose=0)
    assert os.path.exists(os.path.join(workdir, "mle_results.json"))
    assert not os.path.exists(os.path.join(workdir, "results.json"))

    calls["generator_steps"] = 10  # No more crashes; count the resumed epochs.
    capsys.readouterr()
    results = experiment.train(config, workdir, verbose=2)
    # A line per epoch this process ran, as fit(verbose=2) prints, with the newest figures.
    lines = [line for line in capsys.readouterr().out.splitlines() if "s/epoch" in line]
    assert [line.split(" - ")[0] for line in lines] == ["2/3", "3/3"]
    assert f"nll_oracle: {results['nll_oracle']:.4f}" in lines[-1]
    # Epoch 1 was checkpointed before the crash, so epochs 2 and 3 ran after resuming, and
    # MLE was not run again.
    assert calls["generator_steps"] == 12
    assert results["nll_oracle"] > 0 and results["nll_test"] > 0
    assert "mle_nll_oracle" in results
    # Timing: MLE's under mle_ names, the adversarial epoch's median as the run's own (of the
    # resumed process: its epochs 2 and 3).
    mle_results = experiment.read_json(os.path.join(workdir, "mle_results.json"))
    assert results["mle_train_seconds"] == mle_results["train_seconds"]
    assert results["mle_epoch_seconds_median"] == mle_results["epoch_seconds_median"]
    assert "train_seconds" not in results
    assert results["epoch_seconds_median"] > 0
    assert results["epoch_seconds_median"] != mle_results["epoch_seconds_median"]
    # The resumed run ends exactly where an uninterrupted one does: the checkpoint holds every
    # random state, the discriminator's dropout seeds among them (it has dropout 0.25).
    assert config.discriminator_dropout > 0
    uninterrupted = experiment.train(config, str(tmp_path / "uninterrupted"), verbose=0)
    for name in ("nll_oracle", "nll_test"):
        assert results[name] == uninterrupted[name]

    tags = scalar_tags(os.path.join(workdir, "tensorboard"))
    for name in (
        "adversarial/generator_loss",
        "adversarial/mean_reward",
        "adversarial/discriminator_loss",
        "adversarial/accuracy_real",
        "adversarial/accuracy_fake",
        "adversarial/nll_oracle",
        "adversarial/nll_test",
        "adversarial/generator_learning_rate",
        "adversarial/epoch_seconds",
        "adversarial/samples",
        "pretrain/discriminator_loss",
        "epoch_nll_oracle",
        "_hparams_/session_start_info",
    ):
        assert name in tags, f"{name} not in {sorted(tags)}"


def test_a_checkpoint_without_layer_seeds_resumes_with_a_warning(tmp_path, monkeypatch, capsys):
    from tf_hebbgan.trainers import seqgan_trainer

    config = load_preset("seqgan_tiny")
    workdir = str(tmp_path / "run")
    original_update = SeqGANTrainer.update_rollout

    def crash(self):
        raise CrashError()

    with monkeypatch.context() as patch:  # A run of the old format, stopped in epoch 1.
        patch.setattr(seqgan_trainer, "layer_seed_states", lambda *models: {})
        patch.setattr(SeqGANTrainer, "update_rollout", crash)
        with pytest.raises(CrashError):
            experiment.train(config, workdir, verbose=0)
    assert SeqGANTrainer.update_rollout is original_update
    results = experiment.train(config, workdir, verbose=0)
    assert "predates saved layer seeds" in capsys.readouterr().out
    assert results["nll_oracle"] > 0


def test_a_broken_newest_checkpoint_falls_back_and_none_readable_is_named_and_kept(
    tmp_path, capsys
):
    config = load_preset("seqgan_tiny")
    workdir = str(tmp_path / "run")
    experiment.train(config, workdir, verbose=0)
    finished = SafeCheckpoints(None, os.path.join(workdir, "checkpoints")).paths()
    assert len(finished) == 1  # A finished run keeps its newest checkpoint only.
    os.remove(os.path.join(workdir, "results.json"))
    with open(finished[0] + ".index", "wb") as file:
        file.write(b"garbage")
    with pytest.raises(ValueError, match="No checkpoint .* can be restored: ckpt-"):
        experiment.train(config, workdir, verbose=0)
    broken = os.path.join(workdir, "checkpoints", "broken", os.path.basename(finished[0]))
    with open(broken + ".index", "rb") as file:
        assert file.read() == b"garbage"  # Kept as it was, for inspection.
    assert not os.path.exists(os.path.join(workdir, "results.json"))


def test_seqgan_tiny_with_a_stateful_plastic_discriminator(tmp_path):
    from tf_hebbgan.config import apply_overrides

    config = apply_overrides(
        load_preset("seqgan_tiny"),
        [
            "adversarial_epochs=1",
            "discriminator_plasticity=output_stateful",
            "discriminator_dropout=0",
        ],
    )
    workdir = str(tmp_path / "run")
    results = experiment.train(config, workdir, verbose=0)
    assert results["nll_oracle"] > 0
    tags = scalar_tags(os.path.join(workdir, "tensorboard"))
    for stat in ("alpha_abs_mean", "eta_mean", "trace_norm", "trace_at_clip"):
        assert f"plasticity/discriminator/logits/{stat}" in tags, sorted(tags)


def test_per_sequence_traces_are_logged(tmp_path):
    from tf_hebbgan.config import apply_overrides

    config = apply_overrides(
        load_preset("seqgan_tiny"),
        [
            "adversarial_epochs=1",
            "discriminator_plasticity=output_sequence",
            "discriminator_dropout=0",
            "generator_plastic_rule=hebb",
        ],
    )
    workdir = str(tmp_path / "run")
    experiment.train(config, workdir, verbose=0)
    tags = scalar_tags(os.path.join(workdir, "tensorboard"))
    for layer in ("discriminator/logits", "generator/candidate"):
        for stat in ("alpha_abs_mean", "eta_mean", "trace_norm", "trace_at_clip"):
            assert f"plasticity/{layer}/{stat}" in tags, sorted(tags)


@pytest.mark.parametrize("plasticity", ["output_stateful", "highway_stateful"])
def test_rewards_read_the_trace_the_discriminator_was_trained_with(
    plasticity, tmp_path, monkeypatch
):
    from tf_hebbgan.config import apply_overrides

    config = apply_overrides(
        load_preset("seqgan_tiny"),  # 1 pretraining round, then 1 round per epoch.
        [f"discriminator_plasticity={plasticity}", "discriminator_dropout=0"],
    )
    events = []

    def trace_norm(trainer):
        discriminator = trainer.discriminator
        plastic = (
            discriminator.output_layer
            if plasticity == "output_stateful"
            else discriminator.highway.transform
        )
        return float(tf.norm(plastic.trace))

    def recording(method, name):
        def wrapper(self, *args, **kwargs):
            before = trace_norm(self)
            result = method(self, *args, **kwargs)
            events.append((name, before, trace_norm(self)))
            return result

        return wrapper

    monkeypatch.setattr(
        SeqGANTrainer,
        "generator_step",
        recording(SeqGANTrainer.generator_step, "generator"),
    )
    monkeypatch.setattr(
        SeqGANTrainer,
        "discriminator_round",
        recording(SeqGANTrainer.discriminator_round, "discriminator"),
    )
    experiment.train(config, str(tmp_path / "run"), verbose=0)
    names = [name for name, _, _ in events]
    assert names == ["discriminator"] + ["generator", "discriminator"] * config.adversarial_epochs
    for previous, (name, before, after) in zip(events, events[1:], strict=False):
        if name == "generator":
            # The rewards read the trace where the last discriminator training left it...
            assert before == previous[2] > 0
            assert after == before  # ...and do not move it.
        else:
            assert before == 0 and after > 0  # Each epoch's training starts from zero.


def test_a_diverged_round_stops_the_run_and_keeps_the_last_checkpoint(tmp_path, monkeypatch):
    config = load_preset("seqgan_tiny")  # 1 pretraining round, then 1 round per epoch.
    workdir = str(tmp_path / "run")
    original = SeqGANTrainer.discriminator_round
    calls = []

    def diverging(self, *args, **kwargs):
        history = original(self, *args, **kwargs)
        calls.append(None)
        if len(calls) == 2:  # The first adversarial epoch's round.
            history["loss"][-1] = float("nan")
        return history

    monkeypatch.setattr(SeqGANTrainer, "discriminator_round", diverging)
    with pytest.raises(FloatingPointError, match="diverged.*discriminator_loss"):
        experiment.train(config, workdir, verbose=0)
    # The checkpoints written before the NaN (after pretraining) are all there is.
    newest = SafeCheckpoints(None, os.path.join(workdir, "checkpoints")).paths()[0]
    reader = tf.train.load_checkpoint(newest)
    assert int(reader.get_tensor("step/.ATTRIBUTES/VARIABLE_VALUE")) == 0  # No epoch saved.
    assert int(reader.get_tensor("stage/.ATTRIBUTES/VARIABLE_VALUE")) == 1  # Adversarial.
