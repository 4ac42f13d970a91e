"""RelationalMemoryGenerator and Gumbel-softmax sampling of every generator."""

import os

import keras
import numpy as np
import tensorflow as tf

from tf_hebbgan.models import LSTMGenerator, RelationalMemoryGenerator

V, T = 12, 6
SEED = tf.constant([1, 2])


def _generator(**kwargs):
    return RelationalMemoryGenerator(
        vocabulary_size=V, head_size=4, sequence_length=T, seed=0, **kwargs
    )


def test_fit_lowers_the_nll_and_sampling_works():
    keras.utils.set_random_seed(0)
    generator = _generator()
    tokens = np.tile(np.arange(T, dtype="int32") % V, (64, 1))  # One sequence, 64 times.
    before = generator.nll(tokens).mean()
    generator.compile(
        optimizer=keras.optimizers.Adam(1e-2),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    generator.fit(tokens, tokens, batch_size=16, epochs=5, verbose=0)
    assert generator.nll(tokens).mean() < 0.5 * before
    samples = generator.sample(8, seed=3)
    assert samples.shape == (8, T) and samples.dtype == np.int32
    np.testing.assert_array_equal(samples, generator.sample(8, seed=3))


def test_teacher_forcing_equals_stepping_the_cell():
    # The teacher-forced pass batches the input's share of each step over the sequence
    # (`input_features`); stepping the cell token by token, as the samplers do, must agree.
    generator = RelationalMemoryGenerator(
        vocabulary_size=V, head_size=4, mem_slots=2, sequence_length=T, seed=0
    )
    tokens = np.random.default_rng(0).integers(0, V, (3, T)).astype("int32")
    state = generator.initial_state(3)
    inputs = np.concatenate([np.zeros((3, 1), "int32"), tokens[:, :-1]], axis=1)
    stepped = []
    for t in range(T):
        logits, state = generator.next(inputs[:, t], state)  # (3, V)
        stepped.append(logits)
    np.testing.assert_allclose(generator(tokens), np.stack(stepped, axis=1), atol=1e-5)
    rnn = keras.layers.RNN(generator.cell, return_sequences=True)
    np.testing.assert_allclose(
        generator._hidden_sequence(generator.embedding(inputs), False),
        rnn(generator.embedding(inputs)),
        atol=1e-6,
    )


def test_keras_round_trip(tmp_path):
    generator = _generator()
    tokens = generator.sample(4, seed=0)
    path = os.path.join(tmp_path, "generator.keras")
    generator.save(path)
    loaded = keras.saving.load_model(path)
    assert isinstance(loaded, RelationalMemoryGenerator)
    assert loaded.get_config() == generator.get_config()
    np.testing.assert_array_equal(loaded.nll(tokens), generator.nll(tokens))
    np.testing.assert_array_equal(loaded.sample(4, seed=5), generator.sample(4, seed=5))


def test_relaxed_samples_carry_the_gradient_to_every_weight():
    for generator in (_generator(), LSTMGenerator(V, 4, 4, T, seed=0)):
        weights = tf.random.normal([V])
        with tf.GradientTape() as tape:
            tokens, relaxed = generator.sample_relaxed(5, 0.5, SEED)  # (5, T), (5, T, V)
            value = tf.reduce_sum(relaxed * weights)
        assert tokens.shape == (5, T) and relaxed.shape == (5, T, V)
        np.testing.assert_array_equal(tokens.numpy(), relaxed.numpy().argmax(-1))
        np.testing.assert_allclose(relaxed.numpy().sum(-1), 1.0, atol=1e-5)
        gradients = tape.gradient(value, generator.trainable_variables)
        assert all(g is not None and np.any(np.asarray(g) != 0) for g in gradients)


def test_relaxed_tokens_are_draws_of_the_model():
    # At any temperature the hard tokens are exact draws (Gumbel-max): the first token's
    # frequencies follow the model's first-step distribution.
    generator = _generator()
    tokens, _ = generator.sample_relaxed(4000, 1.0, SEED)
    logits = generator(tf.zeros([1, T], tf.int32))[0, 0]
    expected = tf.nn.softmax(logits).numpy()
    counts = np.bincount(tokens.numpy()[:, 0], minlength=V) / 4000
    assert np.abs(counts - expected).max() < 0.03


def test_replica_rows_draw_the_global_batch_numbers():
    generator = _generator()
    whole, relaxed = generator.sample_relaxed(6, 0.5, SEED)
    part, part_relaxed = generator.sample_relaxed(3, 0.5, SEED, offset=3, total=6)
    np.testing.assert_array_equal(part.numpy(), whole.numpy()[3:])
    np.testing.assert_allclose(part_relaxed.numpy(), relaxed.numpy()[3:], atol=1e-6)


def test_after_the_end_token_rows_hold_the_pad_one_hot():
    generator = LSTMGenerator(V, 4, 4, T, seed=0, end_token=3, pad_token=0)
    tokens, relaxed = generator.sample_relaxed(200, 0.5, SEED)
    tokens, relaxed = tokens.numpy(), relaxed.numpy()
    ended = np.cumsum(tokens == 3, axis=1) - (tokens == 3) > 0  # Positions after an end.
    assert ended.any()
    np.testing.assert_array_equal(tokens[ended], 0)
    np.testing.assert_array_equal(relaxed[ended], np.eye(V)[0][None].repeat(ended.sum(), 0))
