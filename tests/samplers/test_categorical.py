import numpy as np
import pytest
import tensorflow as tf
import tensorflow_probability as tfp

from tf_hebbgan.samplers import categorical
from tf_hebbgan.samplers.categorical import step_uniforms


def _chi_square_p_value(counts, probabilities):
    expected = counts.sum() * probabilities
    statistic = ((counts - expected) ** 2 / expected).sum()
    chi2 = tfp.distributions.Chi2(df=float(len(counts) - 1))
    return float(chi2.survival_function(statistic))


@pytest.mark.parametrize("block_size", [1, 4, 64])
def test_distribution_matches_softmax_by_chi_square(block_size):
    # 10 tokens in blocks of 4 (two zero-mass padding entries), one of them impossible.
    logits = np.array([0.5, -1.0, 2.0, 0.0, -np.inf, 1.0, -2.0, 0.3, 1.5, -0.5], "float32")
    rows = 100_000
    tokens = categorical(np.tile(logits, (rows, 1)), tf.constant([3, 4]), block_size).numpy()
    counts = np.bincount(tokens, minlength=10)
    assert counts.size == 10 and counts[4] == 0
    probabilities = np.exp(logits - logits.max())
    probabilities /= probabilities.sum()
    possible = probabilities > 0
    # Fixed seed: deterministic; a wrong sampler gives p ~ 0 at this many draws.
    assert _chi_square_p_value(counts[possible], probabilities[possible]) > 1e-3


def test_reference_sampler_passes_the_same_check():
    # The check has power: TF's own sampler passes it and a shifted distribution fails it.
    logits = np.array([0.5, -1.0, 2.0, 0.0, 1.0], "float32")
    rows = 100_000
    reference = tf.random.stateless_categorical(np.tile(logits, (rows, 1)), 1, [3, 4])[:, 0]
    probabilities = np.exp(logits) / np.exp(logits).sum()
    counts = np.bincount(reference.numpy(), minlength=5)
    assert _chi_square_p_value(counts, probabilities) > 1e-3
    shifted = np.exp(logits * 1.05) / np.exp(logits * 1.05).sum()
    ours = np.bincount(categorical(np.tile(logits, (rows, 1)), [3, 4], 2).numpy(), minlength=5)
    assert _chi_square_p_value(ours, shifted) < 1e-6


def test_rows_are_independent_and_seeded():
    logits = tf.random.stateless_normal((64, 5000), [0, 1]) * 3.0
    first = categorical(logits, tf.constant([1, 2])).numpy()
    np.testing.assert_array_equal(first, categorical(logits, tf.constant([1, 2])).numpy())
    assert (first != categorical(logits, tf.constant([1, 3])).numpy()).any()
    assert first.dtype == np.int32 and first.min() >= 0 and first.max() < 5000


def test_mass_on_the_last_token_and_one_hot_rows():
    logits = np.full((3, 130), -1e4, "float32")
    logits[0, 129] = logits[1, 0] = logits[2, 64] = 0.0
    np.testing.assert_array_equal(categorical(logits, [0, 0]).numpy(), [129, 0, 64])


def test_rejects_bad_shapes():
    with pytest.raises(ValueError, match="batch, vocabulary"):
        categorical(tf.zeros((2, 3, 4)), [0, 0])
    with pytest.raises(ValueError, match="exactly one"):
        categorical(tf.zeros((2, 4)), [0, 0], uniform=tf.zeros(2))


def test_step_uniforms_streams_do_not_depend_on_what_is_drawn_with_them():
    seed = tf.constant([5, 9])
    together = step_uniforms(seed, 3, 7, num_streams=4).numpy()  # (4 * 7,)
    for stream in range(4):
        alone = step_uniforms(seed, 3, 7, stream=stream).numpy()
        np.testing.assert_array_equal(together[stream * 7 : (stream + 1) * 7], alone)
    assert not np.array_equal(step_uniforms(seed, 4, 7).numpy(), together[:7])  # Per step.
    assert together.min() >= 0.0 and together.max() < 1.0


def test_non_finite_logits_are_a_clear_error_not_an_out_of_range_id():
    logits = np.zeros((3, 100), "float32")
    logits[1, 7] = np.nan
    with pytest.raises(tf.errors.InvalidArgumentError, match="NaN or \\+inf"):
        categorical(logits, seed=[0, 1])
