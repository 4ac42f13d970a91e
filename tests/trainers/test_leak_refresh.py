"""LeakGAN's interleaved pretraining: discriminator rounds before the right MLE epochs, the
leak refreshed after them, the discriminator kept with early stopping's best epoch and handed
to the adversarial phase, and a one-line error when it is missing."""

import dataclasses
import os

import keras
import numpy as np
import pytest

from tests.trainers.test_leakgan_trainer import POSITIVES, assert_leaks, make_trainer
from tf_hebbgan.config import Config, load_preset
from tf_hebbgan.trainers.early_stopping import BestEpoch
from tf_hebbgan.trainers.leak_refresh import LeakRefresh, refresh_epochs
from tf_hebbgan.trainers.mle import compile_for_mle
from tf_hebbgan.trainers.seqgan_trainer import SeqGANTrainer

CONFIG = dataclasses.replace(
    Config(), leak_refresh_every=2, leak_refresh_rounds=2, discriminator_negatives=16,
    discriminator_epochs=1, seed=3,
)  # fmt: skip


def test_refresh_epochs_are_the_first_and_every_nth():
    assert refresh_epochs(8, 80) == [0, 8, 16, 24, 32, 40, 48, 56, 64, 72]
    assert refresh_epochs(6, 30) == [0, 6, 12, 18, 24]
    assert refresh_epochs(3, 2) == [0]
    assert refresh_epochs(0, 10) == []


def _fit(trainer, epochs, callbacks):
    compile_for_mle(trainer.generator, 0.01, 5.0, False)
    options = dict(batch_size=4, verbose=0, shuffle=False)
    trainer.generator.fit(POSITIVES, POSITIVES, epochs=epochs, callbacks=callbacks, **options)


def test_rounds_come_before_every_nth_epoch_and_the_leak_follows(monkeypatch, tmp_path):
    trainer = make_trainer()
    calls = []
    original = SeqGANTrainer.discriminator_round

    def counted(self, positives, num_negatives, epochs, seed, verbose=0):
        calls.append(seed)
        return original(self, positives, num_negatives, epochs, seed, verbose)

    monkeypatch.setattr(SeqGANTrainer, "discriminator_round", counted)
    before = trainer.discriminator.convolutions[0].kernel.numpy().copy()
    refresh = LeakRefresh(trainer, CONFIG, POSITIVES, str(tmp_path / "events"))
    steps = []

    class Steps(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            steps.append((epoch, len(calls)))

    _fit(trainer, 5, [refresh, Steps()])
    # Two rounds before epochs 0, 2 and 4 (each with its own seed), none before 1 and 3.
    assert steps == [(0, 2), (1, 2), (2, 4), (3, 4), (4, 6)]
    assert len(set(calls)) == 6
    assert not np.allclose(before, trainer.discriminator.convolutions[0].kernel)
    assert_leaks(trainer)
    assert os.listdir(tmp_path / "events")  # The rounds' figures, for TensorBoard.


def test_the_start_round_trips_and_a_missing_one_is_a_one_line_error(tmp_path):
    trainer = make_trainer()
    trainer.discriminator_round(POSITIVES, 16, epochs=1, seed=4)
    LeakRefresh(trainer, CONFIG, POSITIVES).save_start(str(tmp_path / "discriminator_mle"))
    assert sorted(os.listdir(tmp_path)) == [
        "discriminator_mle.data-00000-of-00001",
        "discriminator_mle.index",
    ]
    other = make_trainer(seed=9)
    keras.utils.set_random_seed(7)
    other.discriminator.set_weights([w * 0 for w in other.discriminator.get_weights()])
    LeakRefresh.restore_start(str(tmp_path / "discriminator_mle"), other)
    for mine, theirs in zip(
        other.discriminator.get_weights(), trainer.discriminator.get_weights(), strict=True
    ):
        np.testing.assert_array_equal(mine, theirs)
    for mine, theirs in zip(
        other.discriminator.optimizer.variables,
        trainer.discriminator.optimizer.variables,
        strict=True,
    ):
        np.testing.assert_array_equal(mine, theirs)
    assert_leaks(other)
    with pytest.raises(ValueError, match="mle_results.json") as error:
        LeakRefresh.restore_start(str(tmp_path / "nothing"), other)
    assert "\n" not in str(error.value)
    with open(tmp_path / "discriminator_mle.index", "wb") as file:
        file.write(b"torn")
    with pytest.raises(ValueError, match="cannot be read") as error:
        LeakRefresh.restore_start(str(tmp_path / "discriminator_mle"), other)
    assert "\n" not in str(error.value)


def test_early_stopping_keeps_the_best_epochs_discriminator(tmp_path):
    trainer = make_trainer()
    generator, discriminator = trainer.generator, trainer.discriminator
    best = BestEpoch(POSITIVES[:8], str(tmp_path), patience=5, companions={"d": discriminator})
    best.set_model(generator)
    initial = generator.get_weights()
    # Uniform over the vocabulary: the best model of the uniform random POSITIVES.
    generator.set_weights([w * 0 for w in initial])
    best.on_epoch_begin(0)
    best.on_epoch_end(0)
    kept = [w.copy() for w in discriminator.get_weights()]
    discriminator.set_weights([w + 1.0 for w in kept])
    generator.set_weights(initial)  # A worse generator.
    best.on_epoch_begin(1)
    best.on_epoch_end(1)
    assert best.restore_best(generator) == 0
    for mine, theirs in zip(discriminator.get_weights(), kept, strict=True):
        np.testing.assert_array_equal(mine, theirs)
    assert sorted(os.listdir(tmp_path)) == ["epoch_0.d.weights.h5", "epoch_0.weights.h5"]


def test_an_early_stopped_run_hands_the_adversarial_phase_its_generators_discriminator(tmp_path):
    """The generator MLE keeps and the discriminator the adversarial phase starts from: the
    leak of one is the body of the other, also when early stopping kept an earlier epoch."""
    from tf_hebbgan.trainers import experiment, leakgan_phase

    config = load_preset("leakgan_tiny")
    config.mle_epochs, config.adversarial_epochs = 3, 0
    config.mle_validation_size, config.mle_patience = 64, 1
    workdir = str(tmp_path / "run")
    experiment.train(config, workdir, verbose=0)
    generator = experiment.load_generator(workdir)
    leak = [w.copy() for w in generator.cell.leak.get_weights()]
    data = experiment.load_run_data(config)
    trainer = leakgan_phase.build_trainer(  # A new discriminator's body into the leak.
        config, generator, data.vocabulary_size, data.sequence_length
    )
    LeakRefresh.restore_start(os.path.join(workdir, "discriminator_mle"), trainer)
    for mine, theirs in zip(generator.cell.leak.get_weights(), leak, strict=True):
        np.testing.assert_array_equal(mine, theirs)  # Restoring changed no feature.
    assert_leaks(trainer)
    # A run that starts from this one copies the discriminator with the generator, the
    # results last, and must match the discriminator's settings.
    from tf_hebbgan.trainers.workdir_checks import pretraining_files

    follower = dataclasses.replace(config, adversarial_epochs=2, pretrained_workdir=workdir)
    assert list(pretraining_files(follower)) == [
        "generator_mle.keras",
        "discriminator_mle.data-00000-of-00001",
        "discriminator_mle.index",
        "mle_results.json",
    ]
    follower.discriminator_learning_rate = 1e-3
    with pytest.raises(ValueError, match="discriminator_learning_rate"):
        pretraining_files(follower)
