"""Monte-Carlo rollout rewards (SeqGAN): Q(t) of every prefix of a batch, in one graph."""

import tensorflow as tf

from tf_hebbgan.data.tokens import end_mask
from tf_hebbgan.samplers.categorical import categorical, step_uniforms


def _tile(nest, times):
    """Repeats every tensor of `nest` `times` times along the batch: rows ordered (copy, b)."""
    return tf.nest.map_structure(lambda x: tf.tile(x, [times] + [1] * (len(x.shape) - 1)), nest)


def _concat(first, second):
    return tf.nest.map_structure(lambda a, b: tf.concat([a, b], axis=0), first, second)


def rollout_rewards(generator, sequences, reward_fn, num_rollouts, seed, temperature=1.0):
    """SeqGAN's action values for a batch of generated sequences.

    For `t < T`, `Q(t)` is the mean of `reward_fn` over `num_rollouts` completions of the
    prefix `y_1..y_t` sampled from `generator` (the rollout network); `Q(T)` is `reward_fn` of
    the sequence itself.

    All `num_rollouts * (T - 1)` completions are sampled together, and scored by `reward_fn`
    one prefix length (`num_rollouts * B` completions) at a time to bound memory. The
    generator's state is carried once along the given sequence (no logits needed there),
    giving the state at every branch point. Sampling then runs in absolute time: at position
    `p` the completions of prefix length `p - 1` join the batch with their branch state, and
    every active row draws one token. Each completion is thus sampled only over its own
    suffix (`sum_t (T - t)` row steps, half of padding every completion to `T - 1` steps),
    and no prefix is re-run.

    Args:
        generator: provides `initial_state(B)`, `advance(tokens, state) -> (hidden, state)`,
            `next(tokens, state) -> (logits, state)` and `start_token` (an `LSTMGenerator`).
        sequences: `(B, T)` int32 token ids, with `T` known statically.
        reward_fn: `reward_fn(tokens (M, T)) -> (M,)`, e.g. a discriminator's P(real).
        num_rollouts: completions per prefix, `N`.
        seed: `(2,)` int32 seed of the stateless sampler. Completion `n` of the prefix of
            length `g` of sequence `b` draws row `b` of stream `(g - 1) N + n` of
            `step_uniforms`, so every completion has its own randomness, and it is exactly
            what `sample_sequences(..., seed, stream=(g - 1) N + n)` would draw continuing
            from the same prefix and state.
        temperature: softmax temperature of the completions.

    With a generator `end_token` (text), a completion pads after the end token as sampling
    does (a prefix that holds it is completed with padding only), and the rewards of the
    positions after a sequence's end token are 0.

    Returns:
        rewards `(B, T)` float32, in the batch order of `sequences`.
    """
    sequences = tf.convert_to_tensor(sequences, tf.int32)  # (B, T)
    length = sequences.shape[1]
    if length is None or length < 2:
        raise ValueError(f"Rollouts need sequences of a static length >= 2; got {length}.")
    batch_size = tf.shape(sequences)[0]

    # State at each branch point: branch[t - 1] has consumed the start token and y_1..y_{t-1},
    # so feeding it y_t continues the prefix y_1..y_t.
    state = generator.initial_state(batch_size)
    _, state = generator.advance(tf.fill([batch_size], generator.start_token), state)
    branch = [state]
    for t in range(1, length - 1):
        _, state = generator.advance(sequences[:, t - 1], state)
        branch.append(state)

    end_token = getattr(generator, "end_token", None)
    if end_token is not None:  # Whether each prefix y_1..y_g already holds the end token.
        ended = tf.cumsum(tf.cast(tf.equal(sequences, end_token), tf.int32), axis=1) > 0

    # sampled[p - 2]: tokens at position p (1-based) of the active rows, (((p-1) N B),).
    # Rows are grouped by prefix length g = 1..p-1, each group ordered (rollout n, batch b).
    active_state, active_tokens, active_ended, sampled = None, None, None, []
    for position in range(2, length + 1):
        prefix = position - 1
        join_state = _tile(branch[prefix - 1], num_rollouts)
        join_tokens = tf.tile(sequences[:, prefix - 1], [num_rollouts])  # (N B,)
        join_ended = None
        if end_token is not None:
            join_ended = tf.tile(ended[:, prefix - 1], [num_rollouts])  # (N B,)
        if active_state is None:
            state, tokens, finished = join_state, join_tokens, join_ended
        else:
            state = _concat(active_state, join_state)
            tokens = tf.concat([active_tokens, join_tokens], axis=0)
            if end_token is not None:
                finished = tf.concat([active_ended, join_ended], axis=0)
        logits, active_state = generator.next(tokens, state)  # ((p-1) N B, V)
        # Completion n of prefix length g draws from stream (g - 1) N + n, row b: its own
        # randomness, independent of the others and of its place in the growing batch.
        uniform = step_uniforms(
            seed, position - 1, batch_size, num_streams=prefix * num_rollouts
        )  # ((p-1) N B,), ordered (g, n, b) as the rows.
        active_tokens = categorical(logits / temperature, uniform=uniform)
        if end_token is not None:  # As `sample_sequences` does: padding after the end.
            active_tokens = tf.where(
                finished, tf.cast(generator.pad_token, active_tokens.dtype), active_tokens
            )
            active_ended = finished | tf.equal(active_tokens, end_token)
        sampled.append(active_tokens)

    group_size = num_rollouts * batch_size
    completions = []
    for prefix in range(1, length):
        rows = slice((prefix - 1) * group_size, prefix * group_size)
        suffix = tf.stack(
            [sampled[position - 2][rows] for position in range(prefix + 1, length + 1)], axis=1
        )  # (N B, T - prefix)
        head = tf.tile(sequences[:, :prefix], [num_rollouts, 1])  # (N B, prefix)
        completions.append(tf.concat([head, suffix], axis=1))  # (N B, T)
    completions = tf.stack(completions)  # (T - 1, N B, T): one group per prefix length.

    # Scored one prefix length at a time, in turn: all (T - 1) N B completions at once would
    # hold the discriminator's activations for all of them together (~19,500 sequences; over
    # 19 GB for the per-position output / sequence discriminator at the paper's sizes).
    rewards = tf.map_fn(
        lambda group: tf.cast(reward_fn(group), tf.float32),  # (N B,)
        completions,
        fn_output_signature=tf.float32,
        parallel_iterations=1,
    )  # (T - 1, N B)
    rewards = tf.reshape(rewards, [length - 1, num_rollouts, batch_size])
    rollout_q = tf.transpose(tf.reduce_mean(rewards, axis=1))  # (B, T - 1)
    final_q = tf.cast(reward_fn(sequences), tf.float32)[:, None]  # (B, 1)
    rewards = tf.concat([rollout_q, final_q], axis=1)  # (B, T)
    if end_token is not None:
        rewards = rewards * end_mask(sequences, end_token)  # 0 after the end token.
    return rewards
