"""Variable length: nothing after the end token changes a loss, a reward or an NLL, and with
every sequence at full length the masked paths equal the unmasked ones."""

import keras
import numpy as np
import tensorflow as tf

from tf_hebbgan.data import resumable_mle_dataset
from tf_hebbgan.data.tokens import end_mask, pad_after_end
from tf_hebbgan.losses.policy_gradient import policy_gradient_loss
from tf_hebbgan.models import CNNDiscriminator, LSTMGenerator
from tf_hebbgan.samplers.rollout import rollout_rewards

VOCAB, LENGTH, END = 12, 6, 3
TOKENS = np.array([[5, 6, 3, 0, 0, 0], [7, 8, 9, 10, 11, 5]], "int32")  # Row 0 ends at 2.
CHANGED = np.array([[5, 6, 3, 9, 4, 7], [7, 8, 9, 10, 11, 5]], "int32")  # Only after it.


def test_end_mask_and_padding():
    np.testing.assert_array_equal(end_mask(TOKENS, END), [[1, 1, 1, 0, 0, 0], [1] * 6])
    np.testing.assert_array_equal(pad_after_end(CHANGED, END), TOKENS)


def _generators():
    keras.utils.set_random_seed(0)
    plain = LSTMGenerator(VOCAB, 4, 4, LENGTH, start_token=2)
    text = LSTMGenerator(VOCAB, 4, 4, LENGTH, start_token=2, end_token=END)
    text.set_weights(plain.get_weights())
    return plain, text


def test_nll_ignores_what_follows_the_end_and_equals_the_plain_one_at_full_length():
    plain, text = _generators()
    np.testing.assert_array_equal(text.nll(TOKENS), text.nll(CHANGED))
    # Row 0: the mean over its three counted positions, not over six.
    losses = tf.nn.sparse_softmax_cross_entropy_with_logits(TOKENS, text(TOKENS)).numpy()
    assert text.nll(TOKENS)[0] == np.float32(losses[0, :3].mean())
    np.testing.assert_array_equal(text.nll(TOKENS)[1], plain.nll(TOKENS)[1])


def test_sampling_pads_after_the_end_token():
    _, text = _generators()
    text.output_layer.bias.assign(np.where(np.arange(VOCAB) == END, 5.0, 0.0))  # Ends soon.
    samples = text.sample(50, seed=1)
    np.testing.assert_array_equal(pad_after_end(samples, END), samples)
    assert (samples == END).any(axis=1).mean() > 0.5 and (samples == 0).any()


def test_policy_gradient_and_rewards_ignore_what_follows_the_end():
    _, text = _generators()
    rewards = np.random.default_rng(0).uniform(size=TOKENS.shape).astype("float32")
    logits = np.random.default_rng(1).normal(size=(*TOKENS.shape, VOCAB)).astype("float32")
    changed_logits = logits.copy()
    changed_logits[0, 3:] += 7.0
    changed_rewards = rewards.copy()
    changed_rewards[0, 3:] = 9.0
    mask = end_mask(TOKENS, END)
    assert policy_gradient_loss(logits, TOKENS, rewards, mask=mask) == policy_gradient_loss(
        changed_logits, CHANGED, changed_rewards, mask=end_mask(CHANGED, END)
    )
    ones = np.ones(TOKENS.shape, "float32")
    assert policy_gradient_loss(logits, TOKENS, rewards, mask=ones) == policy_gradient_loss(
        logits, TOKENS, rewards
    )
    discriminator = CNNDiscriminator(VOCAB, LENGTH, 4, (1, 2), (3, 3), dropout=0.0)

    def reward(tokens):
        return discriminator.probability_real(pad_after_end(tokens, END))

    seed = tf.constant([1, 2])
    before = rollout_rewards(text, TOKENS, reward, 3, seed).numpy()
    after = rollout_rewards(text, CHANGED, reward, 3, seed).numpy()
    np.testing.assert_array_equal(before, after)
    assert np.all(before[0, 3:] == 0) and np.all(before[0, :3] > 0)


def test_mle_weights_count_the_positions_up_to_the_end():
    tokens = np.array([[5, 3, 0, 0], [6, 7, 8, 3]] * 4, "int32")
    inputs, targets, weights = next(iter(resumable_mle_dataset(tokens, 2, VOCAB, 0, end_token=END)))
    mask = end_mask(targets, END).numpy()
    np.testing.assert_allclose(weights.numpy(), mask * mask.size / mask.sum())
    full = np.array([[5, 6, 7, 8]] * 4, "int32")
    _, _, weights = next(iter(resumable_mle_dataset(full, 2, VOCAB, 0, end_token=END)))
    np.testing.assert_array_equal(weights.numpy(), np.ones((2, 4)))
