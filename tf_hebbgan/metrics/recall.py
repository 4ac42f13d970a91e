"""Recall on the recall corpus: how much of a line's first half a language model retrieves in
its second (`tf_hebbgan.data.recall_corpus`).

A line is `s` words, the separator at position `s`, the same `s` words again, then the end
token and padding. Its second half is fully determined by its first, so a model that stored the
first half predicts it exactly. Teacher-forced on held-out lines, these scores read only the
second half: the share of its words that are the model's most probable next token, the share
of lines whose whole second half is, and its mean NLL per word (0 for perfect recall,
`ln(vocabulary)` for none).

Example:

```python
from tf_hebbgan.data.recall_corpus import recall_lines
from tf_hebbgan.data.vocabulary import Vocabulary
from tf_hebbgan.models import LSTMGenerator

lines = [line.split() for line in recall_lines(4, segment=3)]
vocabulary = Vocabulary.from_sentences(lines)
tokens = vocabulary.encode(lines, 8)  # (4, 8): 3 words, "=", the 3 again, the end token
generator = LSTMGenerator(len(vocabulary), 8, 8, 8)  # untrained: recalls nothing
recall_scores(generator, tokens, separator=vocabulary.tokens.index("="))
# {'recall_accuracy': ..., 'lines_recalled': ..., 'recall_nll': ...}
```
"""

import numpy as np
import tensorflow as tf


def recall_mask(tokens, separator):
    """`(N, T)` bool: each line's second half, the `s` positions after its separator at `s`.

    Raises a ValueError if a line holds no separator.
    """
    tokens = np.asarray(tokens)  # (N, T)
    found = tokens == separator  # (N, T)
    missing = np.flatnonzero(~found.any(axis=1))
    if missing.size:
        raise ValueError(
            f"{missing.size} of {len(tokens)} lines hold no separator (id {separator}), the "
            f"first at row {missing[0]}: not recall lines."
        )
    split = found.argmax(axis=1)[:, None]  # (N, 1): the first separator's position s
    positions = np.arange(tokens.shape[1])[None, :]  # (1, T)
    return (positions > split) & (positions <= 2 * split)  # (N, T)


def recall_scores(generator, tokens, separator, batch_size=500):
    """Teacher-forced second-half scores of `generator` (a model whose call maps tokens
    `(B, T)` to next-token logits `(B, T, V)`, position t predicting token t) on recall lines
    `tokens` `(N, T)`: `recall_accuracy`, `lines_recalled` and `recall_nll` as floats."""
    tokens = np.asarray(tokens, np.int32)  # (N, T)
    mask = recall_mask(tokens, separator)  # (N, T)
    correct, nll = [], []
    for start in range(0, len(tokens), batch_size):
        batch = tokens[start : start + batch_size]  # (b, T)
        logits = tf.cast(generator(tf.constant(batch), training=False), tf.float32)  # (b, T, V)
        log_probs = tf.nn.log_softmax(logits).numpy()  # (b, T, V)
        correct.append(log_probs.argmax(axis=-1) == batch)  # (b, T)
        nll.append(-np.take_along_axis(log_probs, batch[..., None], axis=-1)[..., 0])
    correct, nll = np.concatenate(correct), np.concatenate(nll)  # (N, T) each
    return {
        "recall_accuracy": float(correct[mask].mean()),
        "lines_recalled": float(np.all(correct | ~mask, axis=1).mean()),
        "recall_nll": float(nll[mask].mean()),
    }
