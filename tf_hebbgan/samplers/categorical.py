"""An exact categorical sampler for large vocabularies, about 2x faster than TF's on CPU."""

import tensorflow as tf


def categorical(logits, seed=None, block_size=64, uniform=None):
    """Draws one token per row of `logits` `(B, V)`; returns `(B,)` int32.

    Inverse-CDF sampling in two levels: the softmax probabilities are cut into blocks of
    `block_size`, one uniform `u` per row picks a block from the cumulative block masses, then
    a token from the cumulative masses inside that block. The result is distributed exactly as
    `tf.random.categorical` (up to float32 rounding of the probabilities), but it costs one fused
    softmax, one block-sum pass and two short scans, where TensorFlow's CPU kernel runs a
    sequential exp-and-accumulate over all V entries of each row. Measured at V = 5000:
    10,240 rows in 57 ms against 104 ms (`benchmarks/sampler.py`). It is not worth XLA on CPU
    (22 vs 12 ms at 2,000 rows), so callers should not `jit_compile` it.

    Args:
        logits: `(B, V)` float logits (already divided by any temperature). `-inf` entries
            are never drawn; a NaN or `+inf` entry raises `InvalidArgumentError` (eagerly and
            in a `tf.function`; XLA compiles the check away).
        seed: `(2,)` int32 or int64 seed of the stateless uniform.
        block_size: entries per block; about sqrt(V) balances the two scans.
        uniform: instead of `seed`, the `(B,)` uniforms in [0, 1) themselves, one per row
            (the draw is a deterministic function of them), so that callers can tie a row's
            randomness to its identity rather than its place in the batch (`rollout_rewards`).

    Returns:
        `(B,)` int32 token ids.
    """
    if (seed is None) == (uniform is None):
        raise ValueError("Pass exactly one of seed and uniform.")
    logits = tf.convert_to_tensor(logits)
    if logits.shape.rank != 2 or logits.shape[-1] is None:
        raise ValueError(
            f"logits must be (batch, vocabulary) with a static vocabulary; got "
            f"shape {logits.shape}."
        )
    batch_size = tf.shape(logits)[0]
    vocabulary_size = logits.shape[-1]
    num_blocks = -(-vocabulary_size // block_size)
    probabilities = tf.nn.softmax(tf.cast(logits, tf.float32))  # (B, V)
    padding = num_blocks * block_size - vocabulary_size
    if padding:
        probabilities = tf.pad(probabilities, [[0, 0], [0, padding]])  # Zero mass.
    blocks = tf.reshape(probabilities, [batch_size, num_blocks, block_size])  # (B, nb, K)
    block_mass = tf.reduce_sum(blocks, axis=-1)  # (B, nb)
    block_cdf = tf.cumsum(block_mass, axis=-1)  # (B, nb)
    if uniform is None:
        uniform = tf.random.stateless_uniform([batch_size], seed)
    total = tf.debugging.assert_all_finite(
        block_cdf[:, -1], "categorical(): logits with NaN or +inf (a diverged model?)"
    )  # (B,): one NaN or +inf logit makes its row's softmax NaN, so B checks cover B x V.
    u = tf.cast(uniform, tf.float32) * total  # (B,)

    # The first block whose cumulative mass exceeds u; rounding can put u at the very top, so
    # clamp to the last block (and below, the last entry) of nonzero mass.
    block = tf.searchsorted(block_cdf, u[:, None], side="right")[:, 0]  # (B,)
    block = tf.minimum(block, _last_positive(block_mass))
    before = tf.gather(block_cdf, tf.maximum(block - 1, 0), batch_dims=1)  # (B,)
    before = tf.where(block > 0, before, 0.0)
    within = tf.gather(blocks, block, batch_dims=1)  # (B, K)
    index = tf.searchsorted(tf.cumsum(within, axis=-1), (u - before)[:, None], side="right")
    index = tf.minimum(index[:, 0], _last_positive(within))  # (B,)
    return block * block_size + index


def _last_positive(values):
    """Index of the last positive entry of each row of `values` `(B, K)`."""
    flipped = tf.reverse(tf.cast(values > 0, tf.int32), axis=[1])  # (B, K)
    return values.shape[-1] - 1 - tf.argmax(flipped, axis=-1, output_type=tf.int32)  # (B,)


def step_uniforms(seed, step, batch_size, stream=0, num_streams=1):
    """Uniforms of sampling step `step` (0-based): rows `b` of streams `stream..+num_streams`.

    Returns `(num_streams * batch_size,)` floats ordered (stream, row). Row `b` of stream `s`
    at step `t` is element `s * batch_size + b` of one stateless Philox sequence keyed by
    `fold_in(seed, t)`, so it is the same number whichever streams are drawn with it (Philox
    is counter-based: an element depends on its index, not on how many are drawn; a test
    checks this). `sample_sequences` uses one stream (0 by default); `rollout_rewards` gives
    every completion a stream of its own, all drawn in one op per step.
    """
    step_seed = tf.random.experimental.stateless_fold_in(seed, step)
    end = (stream + num_streams) * batch_size
    return tf.random.stateless_uniform([end], step_seed)[stream * batch_size :]
