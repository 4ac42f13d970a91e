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
