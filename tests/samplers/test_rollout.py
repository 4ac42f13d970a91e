"""rollout_rewards with stub generators and rewards whose values are worked out by hand."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tf_hebbgan.models import CNNDiscriminator, LSTMGenerator
from tf_hebbgan.samplers import rollout_rewards, sample_sequences

VOCAB = 10
SEQUENCES = np.array([[1, 5, 9, 3], [7, 7, 0, 2], [4, 0, 0, 8]], "int32")  # (B=3, T=4)


class Successor:
    """A deterministic stub generator: the next token is always (previous + 1) mod VOCAB."""

    start_token = 0

    def initial_state(self, batch_size):
        return [tf.zeros([batch_size, 1])]

    def advance(self, tokens, state):
        return None, state

    def next(self, tokens, state):
        return 100.0 * tf.one_hot((tokens + 1) % VOCAB, VOCAB), state


def weighted_sum(tokens):
    """A reward that tells every sequence apart: sum_p tokens[p] * 10^-p."""
    return tf.reduce_sum(tf.cast(tokens, tf.float32) * 10.0 ** -np.arange(4.0), axis=1)


def test_rewards_by_hand_with_a_deterministic_generator():
    rewards = rollout_rewards(Successor(), SEQUENCES, weighted_sum, 3, tf.constant([1, 2]))
    assert rewards.shape == (3, 4)
    expected = np.zeros((3, 4))
    for b, sequence in enumerate(SEQUENCES):
        for t in range(1, 4):  # Prefix y_1..y_t, then successors of y_t.
            completion = list(sequence[:t])
            while len(completion) < 4:
                completion.append((completion[-1] + 1) % VOCAB)
            expected[b, t - 1] = weighted_sum(np.array([completion])).numpy()[0]
        expected[b, 3] = weighted_sum(sequence[None]).numpy()[0]
    # Rows come back in the batch order of the sequences.
    np.testing.assert_allclose(rewards, expected, rtol=1e-6)


def test_completions_keep_the_prefix_and_sample_the_rest():
    seen = []

    def record(tokens):
        seen.append(tokens.numpy())
        return tf.zeros([tf.shape(tokens)[0]])

    keras.utils.set_random_seed(0)
    generator = LSTMGenerator(VOCAB, 4, 4, 4)
    rollout_rewards(generator, SEQUENCES, record, 5, tf.constant([3, 4]))
    *groups, finals = seen  # One call per prefix length, then the sequences themselves.
    assert len(groups) == 3 and all(len(group) == 5 * 3 for group in groups)
    completions = np.concatenate(groups)
    np.testing.assert_array_equal(finals, SEQUENCES)  # Q(T) scores the sequence itself.
    groups = completions.reshape(3, 5, 3, 4)  # (prefix length - 1, rollout, batch, T)
    for t in range(1, 4):
        for n in range(5):
            np.testing.assert_array_equal(groups[t - 1, n, :, :t], SEQUENCES[:, :t])
    # The suffixes are sampled: the 5 rollouts of a one-token prefix do not all agree.
    assert len({tuple(row) for row in groups[0, :, 0, 1:]}) > 1


@pytest.mark.parametrize("plastic_rule", [None, "hebb"])
def test_branch_state_continues_the_generator(plastic_rule):
    keras.utils.set_random_seed(1)
    generator = LSTMGenerator(VOCAB, 4, 4, 4, plastic_rule=plastic_rule)
    generator.build()
    # The generator's logits at each step favour one token per (previous token): with a huge
    # output scale, sampling is argmax, so a completion must equal greedy decoding from the
    # branch state, which we compute with the generator's own step function.
    generator.output_layer.kernel.assign(generator.output_layer.kernel * 1000.0)
    generator.output_layer.bias.assign(tf.zeros([VOCAB]))
    seen = []

    def record(tokens):
        seen.append(tokens.numpy())
        return tf.zeros([tf.shape(tokens)[0]])

    rollout_rewards(generator, SEQUENCES, record, 1, tf.constant([0, 0]))
    groups = np.concatenate(seen[:-1]).reshape(3, 1, 3, 4)
    for t in range(1, 4):
        state = generator.initial_state(3)
        tokens = tf.fill([3], 0)
        greedy = []
        for p in range(4):
            logits, state = generator.next(tokens, state)
            tokens = SEQUENCES[:, p] if p < t else tf.argmax(logits, -1, output_type=tf.int32)
            greedy.append(np.asarray(tokens))
        np.testing.assert_array_equal(groups[t - 1, 0], np.stack(greedy, 1))


@pytest.mark.parametrize("plastic_rule", [None, "hebb", "oja"])
def test_rollouts_equal_the_generators_own_sampling_with_the_same_seed(plastic_rule):
    # Stochastic sampling (no greedy trick): every completion must be exactly what the
    # generator's own sampler draws when it continues from the same prefix and state
    # (h, c and, for the plastic cell, the Hebbian trace) with the same seed and stream.
    keras.utils.set_random_seed(3)
    length, batch, rollouts = 6, 4, 3
    generator = LSTMGenerator(VOCAB, 4, 8, length, plastic_rule=plastic_rule)
    generator.build()
    seed = tf.constant([7, 8])
    sequences = generator.sample_batch(batch, 1.0, seed)  # (B, T), stream 0 of `seed`.
    seen = []

    def record(tokens):
        seen.append(tokens.numpy())
        return tf.zeros([tf.shape(tokens)[0]])

    rollout_rewards(generator, sequences, record, rollouts, seed)
    groups = np.concatenate(seen[:-1]).reshape(length - 1, rollouts, batch, length)  # (g-1,n,b,T)
    # The first completion of the one-token prefixes is the sampler's own continuation.
    np.testing.assert_array_equal(groups[0, 0], sequences)
    for prefix in range(1, length):
        state = generator.initial_state(batch)
        tokens = tf.fill([batch], generator.start_token)
        for p in range(prefix - 1):  # The branch state: start token and y_1..y_{g-1} fed.
            _, state = generator.advance(tokens, state)
            tokens = sequences[:, p]
        _, state = generator.advance(tokens, state)
        for n in range(rollouts):
            suffix, _ = sample_sequences(
                generator.next,
                state,
                sequences[:, prefix - 1],
                length - prefix,
                seed,
                first_step=prefix,
                stream=(prefix - 1) * rollouts + n,
            )
            np.testing.assert_array_equal(groups[prefix - 1, n, :, prefix:], suffix)
    # Different streams: the completions are not copies of one another.
    assert len({tuple(row) for row in groups[0, :, 0, 1:]}) > 1


def test_final_reward_is_the_discriminator_on_the_sequence_in_one_graph():
    keras.utils.set_random_seed(2)
    generator = LSTMGenerator(VOCAB, 4, 4, 4)
    discriminator = CNNDiscriminator(VOCAB, 4, 8, (1, 2, 4), (3, 3, 2))

    @tf.function
    def rewards(sequences, seed):
        return rollout_rewards(generator, sequences, discriminator.probability_real, 2, seed)

    values = rewards(SEQUENCES, tf.constant([5, 6])).numpy()
    assert values.shape == (3, 4) and np.all((values > 0) & (values < 1))
    np.testing.assert_allclose(values[:, -1], discriminator.probability_real(SEQUENCES), rtol=1e-5)
    np.testing.assert_array_equal(rewards(SEQUENCES, tf.constant([5, 6])), values)  # Seeded.
