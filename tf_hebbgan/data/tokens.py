"""Checks of token arrays at the library's edges, so bad input fails with a useful message."""

import numpy as np


def check_tokens(tokens, vocabulary_size, sequence_length=None, name="tokens"):
    """Returns `tokens` as an int32 array `(N, T)`, or raises ValueError naming the problem.

    Args:
        tokens: array-like of token ids, `(N, T)`.
        vocabulary_size: ids must lie in `[0, vocabulary_size)`.
        sequence_length: if given, `T` must equal it.
        name: what to call the array in error messages.
    """
    array = np.asarray(tokens)
    if array.ndim != 2:
        raise ValueError(f"{name} must have shape (num_sequences, length); got {array.shape}.")
    if array.shape[0] == 0 or array.shape[1] == 0:
        raise ValueError(f"{name} is empty: shape {array.shape}.")
    if not np.issubdtype(array.dtype, np.integer):
        raise ValueError(f"{name} must hold integer token ids; got dtype {array.dtype}.")
    if sequence_length is not None and array.shape[1] != sequence_length:
        raise ValueError(
            f"{name} has length {array.shape[1]}, but the model works on sequences of length "
            f"{sequence_length}."
        )
    low, high = int(array.min()), int(array.max())
    if low < 0 or high >= vocabulary_size:
        raise ValueError(
            f"Vocabulary mismatch: {name} holds ids in [{low}, {high}], but the model's "
            f"vocabulary has {vocabulary_size} tokens (ids 0 to {vocabulary_size - 1})."
        )
    return array.astype(np.int32)


def end_mask(tokens, end_token):
    """float32 `(B, T)`: 1 at every position up to and including a row's first `end_token`,
    0 after it (a row without one is all ones). The positions a loss or a reward counts."""
    import tensorflow as tf

    tokens = tf.convert_to_tensor(tokens)
    is_end = tf.cast(tf.equal(tokens, end_token), tf.int32)  # (B, T)
    after = tf.cumsum(is_end, axis=1, exclusive=True) > 0  # (B, T)
    return 1.0 - tf.cast(after, tf.float32)


def pad_after_end(tokens, end_token, pad_token=0):
    """`tokens` with every position after a row's first `end_token` set to `pad_token`, so
    real and generated sequences reach the discriminator padded the same way."""
    import tensorflow as tf

    tokens = tf.convert_to_tensor(tokens)
    keep = end_mask(tokens, end_token) > 0
    return tf.where(keep, tokens, tf.cast(pad_token, tokens.dtype))
