"""RankGAN's ranking score and ranker loss (Lin et al. 2017), as pure functions.

A ranker maps each sentence to a feature vector `y`; the relevance of a sentence `s` to a
reference `u` is their cosine, `alpha(s | u) = cos(y_s, y_u)`, and `s` is ranked against a
comparison set `C` by a softmax with inverse temperature `gamma`:

    P(s | u, C) = exp(gamma alpha(s | u)) / sum over s' in C + {s} of exp(gamma alpha(s' | u))
    log R(s | U, C) = mean over u in U of log P(s | u, C)

The ranker learns to rank real sentences above the generated ones they are compared with, and
generated ones below real ones; the generator's reward is `R` of its sentences against real
ones (here the geometric mean over `U`, `exp log R`).
"""

import tensorflow as tf


def cosine_relevance(features, references):
    """`alpha(s | u)`: `(b, u)` cosines of `features` `(b, F)` with `references` `(u, F)`."""
    features = tf.math.l2_normalize(tf.cast(features, tf.float32), axis=-1)  # (b, F)
    references = tf.math.l2_normalize(tf.cast(references, tf.float32), axis=-1)  # (u, F)
    return tf.matmul(features, references, transpose_b=True)  # (b, u)


def log_rank(features, comparison, references, gamma=1.0):
    """`log R(s | U, C)` of each of `features` `(b, F)`, each ranked against `comparison`
    `(c, F)` plus itself, relative to `references` `(u, F)`: `(b,)`, at most 0.

    Example:

    ```python
    generated = tf.random.normal([4, 8])  # (b, F): features of the sentences ranked
    comparison = tf.random.normal([5, 8])  # (c, F): of the real comparison set C+
    references = tf.random.normal([3, 8])  # (u, F): of the references U
    log_rank(generated, comparison, references)  # (4,), each at most 0
    ```
    """
    own = gamma * cosine_relevance(features, references)  # (b, u)
    others = gamma * cosine_relevance(comparison, references)  # (c, u)
    others = tf.reduce_logsumexp(others, axis=0, keepdims=True)  # (1, u)
    log_p = own - tf.reduce_logsumexp(tf.stack([own, tf.broadcast_to(others, tf.shape(own))]), 0)
    return tf.reduce_mean(log_p, axis=-1)  # (b,)


def batch_log_rank(features, labels, references, gamma=1.0):
    """`log R(s | U, C)` of each sentence of a mixed batch, ranked against the batch's
    sentences of the other label: real ones (`labels` 1) against the generated ones (`C-`),
    generated ones (0) against the real ones (`C+`). `features` `(b, F)`, `labels` `(b,)`,
    `references` `(u, F)`: `(b,)`; 0 for a sentence whose batch has no other label.

    The comparison sets are masks over one `(b, b, u)` score tensor, so the shapes are static
    whatever the split (XLA, replicas).
    """
    own = gamma * cosine_relevance(features, references)  # (b, u)
    labels = tf.reshape(labels, [-1])
    other = tf.not_equal(labels[:, None], labels[None, :])  # (b, b): j compares with i
    # A large negative rather than -inf keeps the log-sum-exp's gradient finite when a
    # sentence has no comparison.
    scores = tf.where(other[:, :, None], own[None, :, :], -1e9)  # (b, b, u)
    others = tf.reduce_logsumexp(scores, axis=1)  # (b, u)
    log_p = own - tf.reduce_logsumexp(tf.stack([own, others]), 0)  # (b, u)
    return tf.reduce_mean(log_p, axis=-1)  # (b,)


def ranker_loss(log_ranks, labels):
    """The ranker's loss on a mixed batch, `mean log R(generated | U, C+) - mean log R(real |
    U, C-)`: `log_ranks` `(b,)` from `batch_log_rank`, `labels` `(b,)` 1 for real. A label
    absent from the batch adds nothing."""
    real = tf.cast(tf.reshape(labels, [-1]), tf.float32)  # (b,)
    generated = 1.0 - real

    def mean(weights):
        return tf.reduce_sum(log_ranks * weights) / tf.maximum(tf.reduce_sum(weights), 1.0)

    return mean(generated) - mean(real)
