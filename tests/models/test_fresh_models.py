"""Every public method of a fresh generator and discriminator works first, in any order."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tf_hebbgan.models import CNNDiscriminator, LSTMGenerator

VOCAB, LENGTH = 10, 5
TOKENS = np.random.default_rng(0).integers(0, VOCAB, size=(3, LENGTH)).astype("int32")


def _generator_calls(generator):
    state = generator.initial_state(3)
    return {
        "call": lambda: generator(TOKENS),
        "sample": lambda: generator.sample(4, seed=3),
        "sample_batch": lambda: generator.sample_batch(2, 1.0, tf.constant([1, 2])),
        "nll": lambda: generator.nll(TOKENS),
        "initial_state": lambda: generator.initial_state(2),
        "advance": lambda: generator.advance(TOKENS[:, 0], state),
        "next": lambda: generator.next(TOKENS[:, 0], state),
        "sequence_traces": lambda: generator.sequence_traces(TOKENS),
        "graph_sample": lambda: tf.function(generator.sample_batch)(2, 1.0, tf.constant([1, 2])),
    }


def _discriminator_calls(discriminator):
    return {
        "call": lambda: discriminator(TOKENS),
        "features": lambda: discriminator.features(TOKENS),
        "prefix_features": lambda: discriminator.prefix_features(TOKENS),
        "probability_real": lambda: discriminator.probability_real(TOKENS),
        "sequence_traces": lambda: discriminator.sequence_traces(TOKENS),
        "graph_probability": lambda: tf.function(discriminator.probability_real)(TOKENS),
    }


def _rotations(names):
    return [names[index:] + names[:index] for index in range(len(names))]


@pytest.mark.parametrize("plastic_rule", [None, "hebb"])
def test_a_fresh_generator_answers_every_method_in_any_order(plastic_rule, tmp_path):
    names = list(_generator_calls(LSTMGenerator(VOCAB, 4, 4, LENGTH)))
    for order in _rotations(names) + [names[::-1]]:
        generator = LSTMGenerator(VOCAB, 4, 4, LENGTH, plastic_rule=plastic_rule)
        calls = _generator_calls(generator)
        for name in order:
            calls[name]()
    # Sampled before anything else, then scored, saved and loaded: the same figures.
    generator = LSTMGenerator(VOCAB, 4, 4, LENGTH, plastic_rule=plastic_rule)
    tokens = generator.sample(6, seed=1)
    path = str(tmp_path / "generator.keras")
    generator.save(path)
    loaded = keras.saving.load_model(path)
    np.testing.assert_allclose(loaded.nll(tokens), generator.nll(tokens), rtol=1e-6)
    np.testing.assert_array_equal(loaded.sample(6, seed=1), tokens)


@pytest.mark.parametrize("plasticity", [None, "output_sequence", "output_stateful"])
def test_a_fresh_discriminator_answers_every_method_in_any_order(plasticity, tmp_path):
    def make():
        return CNNDiscriminator(VOCAB, LENGTH, 8, (1, 2), (3, 2), plasticity=plasticity)

    names = list(_discriminator_calls(make()))
    for order in _rotations(names) + [names[::-1]]:
        discriminator = make()
        calls = _discriminator_calls(discriminator)
        for name in order:
            calls[name]()
    discriminator = make()
    assert discriminator.stateful_trace == (plasticity == "output_stateful")
    if discriminator.stateful_trace:
        discriminator.reset_trace()
    probabilities = discriminator.probability_real(TOKENS)
    path = str(tmp_path / "discriminator.keras")
    discriminator.save(path)
    loaded = keras.saving.load_model(path)
    np.testing.assert_allclose(loaded.probability_real(TOKENS), probabilities, rtol=1e-6)
