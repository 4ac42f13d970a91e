"""LeakGAN's goal and feature computations (Guo et al. 2018), as pure functions.

LeakGAN's discriminator leaks its feature vector `f_t` of each prefix to a hierarchical
generator: a manager emits a unit goal `g_t` (of the features' size) from `f_t`; the worker's
token logits are its output matrix `O_t` `(V, k)` times `w_t = W_psi sum_{i=1..c} g_{t-i}`
`(k,)`, the goals of the last `c` steps projected to `k` dimensions. The manager learns to point
its goal along the change the features make over the next `c` steps,
`cos(f_{t+c} - f_t, g_t)`, weighted by the step's expected reward; the worker gets an intrinsic
reward for following the goals, `r_t = 1/c sum_{i=1..c} cos(f_t - f_{t-i}, g_{t-i})`. Rewards
are rescaled by their rank within the batch (bootstrapped rescaled activation).

Every function takes `(B, T, ...)` batches over the sequence's positions; a term that reaches
before the first position or past the last counts as 0.
"""

import tensorflow as tf


def _shifted(values, shift):
    """`values` `(B, T, ...)` moved `shift` positions later along time (earlier if negative),
    zero-filled: `out[:, t] = values[:, t - shift]`."""
    length = tf.shape(values)[1]
    pad = [[0, 0], [max(shift, 0), max(-shift, 0)]] + [[0, 0]] * (len(values.shape) - 2)
    padded = tf.pad(values, pad)
    start = max(-shift, 0)
    return padded[:, start : start + length]


def _cosine(a, b):
    """Cosine of `a` and `b` `(..., F)` over the last axis; 0 where either is zero."""
    a = tf.math.l2_normalize(a, axis=-1)
    b = tf.math.l2_normalize(b, axis=-1)
    return tf.reduce_sum(a * b, axis=-1)


def goal_sums(goals, horizon):
    """`sum_{i=1..c} g_{t-i}` `(B, T, F)` of `goals` `(B, T, F)`, `c = horizon`: what the
    worker's goal embedding `w_t` projects (0 at the first position)."""
    return tf.add_n([_shifted(goals, i) for i in range(1, horizon + 1)])


def manager_cosines(features, goals, horizon):
    """`cos(f_{t+c} - f_t, g_t)` `(B, T)`: how far each goal points along the change of the
    leaked features over the next `c = horizon` steps; 0 where `t + c` is past the end.

    Example:

    ```python
    features = tf.random.normal([2, 6, 8])  # (B, T, F): the leaked features f_t
    goals = tf.random.normal([2, 6, 8])  # (B, T, F): the manager's goals g_t
    rewards = tf.random.uniform([2, 6])  # (B, T): expected rewards Q_t
    loss = -tf.reduce_mean(rewards * manager_cosines(features, goals, 4))
    ```
    """
    change = _shifted(features, -horizon) - features  # (B, T, F): f_{t+c} - f_t
    cosines = _cosine(change, goals)  # (B, T)
    length = tf.shape(features)[1]
    inside = tf.range(length) + horizon < length  # (T,)
    return tf.where(inside[None, :], cosines, 0.0)


def intrinsic_rewards(features, goals, horizon):
    """The worker's intrinsic reward `1/c sum_{i=1..c} cos(f_t - f_{t-i}, g_{t-i})` `(B, T)`,
    `c = horizon`; a term with `t - i` before the start counts as 0."""
    terms = [
        _cosine(features - _shifted(features, i), _shifted(goals, i)) for i in range(1, horizon + 1)
    ]  # [(B, T)]; shifted-in goals are zero, so those terms are 0.
    return tf.add_n(terms) / horizon


def rescaled_rewards(rewards, delta=16.0):
    """Bootstrapped rescaled activation: `sigmoid(delta (1/2 - rank / B))` `(B, T)` of rewards
    `(B, T)`, `rank` 1 for the batch's highest reward at each position. Only the order within
    the batch counts, so the scale of the discriminator's output does not."""
    batch = tf.shape(rewards)[0]
    order = tf.argsort(tf.argsort(-rewards, axis=0, stable=True), axis=0, stable=True)
    rank = tf.cast(order + 1, tf.float32)  # (B, T): 1 = highest.
    return tf.sigmoid(delta * (0.5 - rank / tf.cast(batch, tf.float32)))
