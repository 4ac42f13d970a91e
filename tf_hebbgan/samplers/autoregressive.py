"""Autoregressive sampling as a loop over a `next(tokens, state)` function (keras-hub style)."""

import tensorflow as tf

from tf_hebbgan.samplers.categorical import categorical, step_uniforms


def sample_sequences(
    next_fn,
    state,
    start_tokens,
    num_steps,
    seed,
    temperature=1.0,
    first_step=0,
    stream=0,
    end_token=None,
    pad_token=0,
    finished=None,
    forced=None,
):
    """Samples `num_steps` tokens, each from the logits that `next_fn` gives for the last one.

    Args:
        next_fn: `next_fn(tokens, state) -> (logits, state)`, with tokens `(B,)` int32 and
            logits `(B, V)`; `state` is any nest of tensors (an LSTM's `[h, c]`, a Hebbian
            trace) carried from step to step unchanged in structure.
        state: the state before the first step.
        start_tokens: `(B,)` int32, the tokens fed at the first step.
        num_steps: a Python int. The loop is unrolled: sequences here are short (20-51
            tokens) and an unrolled graph runs faster on CPU than a `tf.while_loop`.
        seed: `(2,)` int32 or int64 tensor for the stateless random ops. Row `b` at step `t`
            draws with the uniform `step_uniforms(seed, t, B, stream)[b]`, so the same seed
            gives the same tokens whatever else is sampled alongside.
        temperature: scalar > 0 dividing the logits.
        first_step: the step index of the first draw: continuing a sequence after a prefix of
            `g` tokens is step `g` (`rollout_rewards` uses this numbering).
        stream: which stream of `step_uniforms` the rows draw from (0 for plain sampling).
        end_token: if given, a row that has drawn it continues with `pad_token`: variable
            length sequences, padded after their end. Rows still going draw exactly what
            they would without it.
        pad_token: what follows the end token.
        finished: `(B,)` bool, rows that ended before the first step (a rollout from a prefix
            that holds the end token); default none.
        forced: `(tokens, lengths)`, tokens `(B, num_steps)` int32 and lengths `(B,)`: row `b`
            takes `tokens[b, :lengths[b]]` instead of drawing (a prefix to complete), then
            draws as usual; the draws of forced steps are discarded, so a row's random stream
            is the same whatever its prefix length.

    Returns:
        `(tokens, state)`: tokens `(B, num_steps)` int32 and the state after the last step.
    """
    tokens = start_tokens  # (B,)
    if end_token is not None and finished is None:
        finished = tf.zeros_like(tokens, tf.bool)  # (B,)
    sampled = []
    for t in range(first_step, first_step + num_steps):
        logits, state = next_fn(tokens, state)  # (B, V)
        uniform = step_uniforms(seed, t, tf.shape(tokens)[0], stream)  # (B,)
        tokens = categorical(logits / temperature, uniform=uniform)  # (B,)
        if forced is not None:
            given, lengths = forced
            step = t - first_step
            tokens = tf.where(step < lengths, given[:, step], tokens)  # (B,)
        if end_token is not None:
            tokens = tf.where(finished, tf.cast(pad_token, tokens.dtype), tokens)
            finished = finished | tf.equal(tokens, end_token)
        sampled.append(tokens)
    return tf.stack(sampled, axis=1), state  # (B, num_steps)
