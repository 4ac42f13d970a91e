"""LSTMGenerator at tiny shapes: teacher forcing, sampling, likelihood, saving, one fit epoch."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tf_hebbgan.models import LSTMGenerator
from tf_hebbgan.trainers import compile_for_mle

VOCAB, LENGTH = 10, 5


def tiny(seed=0, **kwargs):
    keras.utils.set_random_seed(seed)
    model = LSTMGenerator(VOCAB, 4, 4, LENGTH, seed=seed, **kwargs)
    model.build()
    return model


def test_teacher_forced_logits_equal_stepwise_logits():
    model = tiny()
    tokens = np.array([[1, 2, 3, 4, 5], [9, 0, 0, 7, 3]], "int32")
    logits = model(tokens).numpy()
    assert logits.shape == (2, LENGTH, VOCAB)
    state = model.initial_state(2)
    previous = tf.fill([2], model.start_token)
    for t in range(LENGTH):
        step_logits, state = model.next(previous, state)
        np.testing.assert_allclose(step_logits, logits[:, t], atol=1e-6)
        previous = tokens[:, t]


@pytest.mark.parametrize("temperature", [1.0, 0.5, 1.7])
def test_nll_is_mean_token_cross_entropy(temperature):
    model = tiny()
    tokens = np.random.default_rng(0).integers(0, VOCAB, (3, LENGTH))
    logits = model(tokens).numpy() / temperature
    log_probs = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
    expected = -np.take_along_axis(log_probs, tokens[..., None], -1)[..., 0].mean(1)
    np.testing.assert_allclose(model.nll(tokens, temperature), expected, rtol=1e-5)
    with pytest.raises(ValueError, match="temperature"):
        model.nll(tokens, 0.0)


def test_sampling_is_reproducible_by_seed():
    model = tiny(sample_batch_size=7)  # Several batches per call.
    first = model.sample(20, seed=5)
    assert first.shape == (20, LENGTH) and first.dtype == np.int32
    assert first.min() >= 0 and first.max() < VOCAB
    np.testing.assert_array_equal(model.sample(20, seed=5), first)
    assert not np.array_equal(model.sample(20, seed=6), first)
    # Without a seed, the model's SeedGenerator gives fresh draws.
    assert not np.array_equal(model.sample(20), model.sample(20))
    np.testing.assert_array_equal(model.sample(20, seed=np.int64(5)), first)
    for seed in ("5", 5.0, True):
        with pytest.raises(ValueError, match="`seed` must be an integer or None"):
            model.sample(20, seed=seed)


def test_sampling_follows_the_model():
    model = tiny()
    # Make token 3 overwhelmingly likely at every step.
    model.output_layer.bias.assign(np.where(np.arange(VOCAB) == 3, 50.0, 0.0).astype("float32"))
    np.testing.assert_array_equal(model.sample(4, seed=0), np.full((4, LENGTH), 3))
    # A high temperature flattens the distribution again.
    assert len(np.unique(model.sample(200, temperature=100.0, seed=0))) > 1


def test_keras_round_trip_keeps_logits_and_samples(tmp_path):
    model = tiny()
    tokens = np.random.default_rng(1).integers(0, VOCAB, (2, LENGTH))
    path = str(tmp_path / "generator.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert isinstance(loaded, LSTMGenerator) and loaded.get_config() == model.get_config()
    np.testing.assert_allclose(loaded(tokens), model(tokens), atol=1e-6)
    np.testing.assert_array_equal(loaded.sample(8, seed=3), model.sample(8, seed=3))


def test_one_fit_epoch_lowers_nll():
    # Counting sequences from a random start: only the first token is uncertain.
    starts = np.random.default_rng(0).integers(0, VOCAB, (2048, 1))
    data = ((starts + np.arange(LENGTH)) % VOCAB).astype("int32")
    model = tiny(seed=2)
    before = model.nll(data).mean()
    compile_for_mle(model, learning_rate=0.03, jit_compile=False)
    model.fit(data, data, batch_size=32, epochs=1, verbose=0)
    assert model.nll(data).mean() < before - 0.1


def test_bad_input_is_a_clear_error():
    model = tiny()
    with pytest.raises(ValueError, match="Vocabulary mismatch"):
        model.nll(np.full((2, LENGTH), VOCAB))
    with pytest.raises(ValueError, match="shape"):
        model.nll(np.zeros(LENGTH, "int32"))
    with pytest.raises(ValueError, match="temperature"):
        model.sample(2, temperature=0.0)
    with pytest.raises(ValueError, match="num_samples"):
        model.sample(0)
    with pytest.raises(ValueError, match="start_token"):
        LSTMGenerator(VOCAB, start_token=VOCAB)


def test_plastic_generator_samples_scores_and_round_trips(tmp_path):
    model = tiny(plastic_rule="oja")
    state = model.initial_state(3)
    assert [tuple(s.shape) for s in state] == [(3, 4), (3, 4), (3, 16)]
    tokens = model.sample(6, seed=1)
    assert tokens.shape == (6, LENGTH)
    path = str(tmp_path / "plastic.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    np.testing.assert_allclose(loaded.nll(tokens), model.nll(tokens), rtol=1e-6)
    np.testing.assert_array_equal(loaded.sample(6, seed=1), tokens)
    with pytest.raises(ValueError, match="plastic_rule"):
        LSTMGenerator(VOCAB, plastic_rule="anti")


def test_plastic_generator_sequence_traces_are_its_state_after_reading():
    model = tiny(plastic_rule="hebb")
    tokens = model.sample(3, seed=2)
    traces = model.sequence_traces(tokens)
    assert list(traces) == ["candidate"]
    state = model.initial_state(3)
    for column in np.concatenate([np.full((3, 1), model.start_token), tokens], axis=1).T:
        _, state = model.next(column, state)  # The sampler's own step.
    np.testing.assert_allclose(traces["candidate"], np.reshape(state[2], (3, 4, 4)), atol=1e-6)
    assert np.abs(state[2]).max() > 0
    assert tiny().sequence_traces(tokens) == {}
