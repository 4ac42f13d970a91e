"""Each SeqGAN step moves exactly the weights it should."""

import keras
import numpy as np
import tensorflow as tf

from tf_hebbgan.models import CNNDiscriminator, LSTMGenerator
from tf_hebbgan.trainers.seqgan_trainer import SeqGANTrainer

VOCAB, LENGTH = 10, 5


REAL = np.random.default_rng(9).integers(0, VOCAB, (4, LENGTH)).astype("int32")


def make_trainer(**kwargs):
    keras.utils.set_random_seed(0)
    generator = LSTMGenerator(VOCAB, 4, 4, LENGTH)
    rollout = LSTMGenerator(VOCAB, 4, 4, LENGTH)
    discriminator = CNNDiscriminator(VOCAB, LENGTH, 8, (1, 2), (3, 3), dropout=0.0)
    for model in (generator, rollout, discriminator):
        model.build()
    rollout.set_weights(generator.get_weights())
    return SeqGANTrainer(generator, rollout, discriminator, batch_size=4, num_rollouts=2, **kwargs)


def snapshot(model):
    return [w.numpy().copy() for w in model.trainable_weights]


def moved(model, before):
    return [
        not np.array_equal(b, w.numpy())
        for b, w in zip(before, model.trainable_weights, strict=True)
    ]


def test_generator_step_moves_only_the_generator():
    trainer = make_trainer()
    before = {m: snapshot(getattr(trainer, m)) for m in ("generator", "rollout", "discriminator")}
    logs = trainer.generator_step(REAL)
    assert np.isfinite(logs["generator_loss"]) and 0 < logs["mean_reward"] < 1
    assert all(moved(trainer.generator, before["generator"]))
    assert not any(moved(trainer.rollout, before["rollout"]))
    assert not any(moved(trainer.discriminator, before["discriminator"]))
    trainer.generator_step(REAL)  # A second step reuses the traced graph.
    assert trainer.compiled_generator_step.experimental_get_tracing_count() == 1


def test_discriminator_round_moves_only_the_discriminator():
    trainer = make_trainer()
    positives = np.random.default_rng(0).integers(0, VOCAB, (16, LENGTH))
    before = {m: snapshot(getattr(trainer, m)) for m in ("generator", "rollout", "discriminator")}
    history = trainer.discriminator_round(positives, 16, epochs=2, seed=1)
    assert len(history["loss"]) == 2
    assert any(moved(trainer.discriminator, before["discriminator"]))
    assert not any(moved(trainer.generator, before["generator"]))
    assert not any(moved(trainer.rollout, before["rollout"]))


def test_a_discriminator_epoch_in_one_execution_trains_the_steps_of_one_per_step():
    """Keras' `steps_per_execution` set to the round's steps: the same steps, same order, same
    dropout draws, bit for bit; a round of another size runs its own count."""
    positives = np.random.default_rng(0).integers(0, VOCAB, (13, LENGTH))
    runs = []
    for whole in (False, True):
        keras.utils.set_random_seed(0)
        generator, rollout = LSTMGenerator(VOCAB, 4, 4, LENGTH), LSTMGenerator(VOCAB, 4, 4, LENGTH)
        discriminator = CNNDiscriminator(VOCAB, LENGTH, 8, (1, 2), (3, 3), dropout=0.5)
        for model in (generator, rollout, discriminator):
            model.build()
        trainer = SeqGANTrainer(generator, rollout, discriminator, batch_size=4, num_rollouts=2)
        if not whole:
            trainer.execute_epochs_whole = lambda steps: None
        losses = []
        for num_negatives, steps in ((16, 8), (6, 5)):  # 29 and 19 sequences, 4 a batch.
            history = trainer.discriminator_round(positives, num_negatives, epochs=2, seed=1)
            losses.append(history["loss"])
            assert discriminator.steps_per_execution == (steps if whole else 1)
        assert int(discriminator.optimizer.iterations.numpy()) == 2 * 8 + 2 * 5
        runs.append((losses, snapshot(discriminator)))
    (losses_1, weights_1), (losses_whole, weights_whole) = runs
    assert losses_1 == losses_whole
    for one, whole in zip(weights_1, weights_whole, strict=True):
        np.testing.assert_array_equal(one, whole)


def test_rollout_moves_only_at_its_update():
    trainer = make_trainer()
    trainer.generator_step(REAL)
    before = snapshot(trainer.rollout)
    generator_before = snapshot(trainer.generator)
    trainer.update_rollout()
    assert all(moved(trainer.rollout, before))
    assert not any(moved(trainer.generator, generator_before))


def test_moment_matching_adds_a_term_that_moves_only_the_generator():
    trainer = make_trainer(moment_weight=0.1)
    before = snapshot(trainer.discriminator)
    logs = trainer.generator_step(REAL)
    assert float(logs["moment_loss"]) > 0
    assert not any(moved(trainer.discriminator, before))


def test_the_xla_path_gives_the_plain_paths_results():
    """What a GPU runs (`jit_compile=True`), compiled and run on CPU. XLA draws other random
    numbers from the same stateless seeds, so sampled parts are compared where they are
    deterministic: the final reward is the discriminator's on the sequence, and the
    discriminator's and the MLE training steps give the plain path's losses and weights."""
    from tf_hebbgan.samplers.rollout import rollout_rewards
    from tf_hebbgan.trainers import compile_for_mle

    results = {}
    for jit in (False, True):
        trainer = make_trainer(jit_compile=jit)
        history = trainer.discriminator_round(REAL, 8, 1, seed=3)  # Before any random step.
        discriminator = snapshot(trainer.discriminator)
        logs = trainer.generator_step(REAL)
        assert np.isfinite(logs["generator_loss"])
        assert not any(moved(trainer.discriminator, discriminator))
        rewards = tf.function(
            lambda tokens, seed, trainer=trainer: rollout_rewards(
                trainer.rollout, tokens, trainer.discriminator.probability_real, 2, seed
            ),
            jit_compile=jit,
        )(REAL, tf.constant([1, 2]))
        mle = LSTMGenerator(VOCAB, 4, 4, LENGTH)
        mle.set_weights(trainer.rollout.get_weights())
        compile_for_mle(mle, jit_compile=jit)
        fitted = mle.fit(REAL, REAL, batch_size=4, epochs=2, verbose=0, shuffle=False)
        final = trainer.discriminator.probability_real(REAL).numpy()
        np.testing.assert_allclose(rewards.numpy()[:, -1], final, rtol=1e-5)
        results[jit] = (
            history["loss"],
            discriminator,
            fitted.history["loss"],
            snapshot(mle),
        )
    plain, compiled = results[False], results[True]
    for index in (0, 2):
        np.testing.assert_allclose(compiled[index], plain[index], rtol=1e-4)
    for index in (1, 3):
        for a, b in zip(plain[index], compiled[index], strict=True):
            np.testing.assert_allclose(b, a, rtol=1e-3, atol=1e-5)
