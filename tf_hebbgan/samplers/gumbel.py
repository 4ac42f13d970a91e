"""Gumbel-softmax relaxation of categorical draws (Jang et al. 2017; Maddison et al. 2017).

The Gumbel-softmax family (GSGAN, RelGAN) passes the discriminator's gradient into the generator
through `softmax((logits + g) / temperature)`, `g` Gumbel(0, 1) noise. The hard token of the
same draw is `argmax(logits + g)`: an exact sample of `softmax(logits)` (the Gumbel-max trick).
Written by hand rather than with TFP's `RelaxedOneHotCategorical` because the generator needs
the hard token and the relaxed vector from one draw of noise, and a seed tied to each row as
`categorical()` has; the two agree in distribution (tested), and docs/design.md ("Gumbel-softmax")
has the timing.
"""

import tensorflow as tf

EPSILON = 1e-10  # Keeps both logarithms finite at u = 0 (RelGAN's add_gumbel uses the same).


def gumbel_noise(shape, seed):
    """Gumbel(0, 1) noise of `shape` from the stateless `seed` `(2,)`: `-log(-log(u))`.

    Example:

    >>> noise = gumbel_noise([2, 3], seed=tf.constant([0, 1]))  # (2, 3)
    """
    # Philox named: "auto_select" may pick another generator under XLA, and the compiled step
    # must draw the plain step's numbers.
    uniform = tf.random.stateless_uniform(shape, seed, alg="philox")
    return -tf.math.log(-tf.math.log(uniform + EPSILON) + EPSILON)


def gumbel_softmax(logits, temperature, seed=None, hard=False, noise=None):
    """A relaxed one-hot sample `(B, V)` of the categorical `softmax(logits)`.

    `softmax((logits + g) / temperature)`: as the temperature falls to 0 the sample becomes the
    one-hot of `argmax(logits + g)`, a draw of the categorical, and its mean over draws tends to
    `softmax(logits)`. With `hard=True` it is the straight-through form: the forward value is
    that one-hot, the gradient the relaxed sample's.

    Args:
        logits: `(B, V)` float logits.
        temperature: scalar > 0 (RelGAN's inverse temperature beta is `1 / temperature`).
        seed: `(2,)` stateless seed of the noise; or pass `noise`.
        hard: straight-through one-hot output.
        noise: the Gumbel noise `(B, V)` itself (`gumbel_noise`), to share one draw with the
            hard token (`relaxed_step`).

    Example:

    >>> logits = tf.math.log([[0.7, 0.2, 0.1]])
    >>> soft = gumbel_softmax(logits, 0.5, seed=tf.constant([0, 1]))  # (1, 3), rows sum to 1
    >>> hard = gumbel_softmax(logits, 0.5, seed=tf.constant([0, 1]), hard=True)  # one-hot
    """
    if (seed is None) == (noise is None):
        raise ValueError("Pass exactly one of seed and noise.")
    logits = tf.cast(logits, tf.float32)
    if noise is None:
        noise = gumbel_noise(tf.shape(logits), seed)
    relaxed = tf.nn.softmax((logits + noise) / temperature)  # (B, V)
    if not hard:
        return relaxed
    one_hot = tf.one_hot(tf.argmax(logits + noise, axis=-1), tf.shape(logits)[-1])  # (B, V)
    return relaxed + tf.stop_gradient(one_hot - relaxed)


def relaxed_step(logits, temperature, seed=None, noise=None):
    """One generator step of RelGAN: the hard token `(B,)` int32 and the relaxed one-hot
    `(B, V)` of the same Gumbel draw (the token is fed back; the relaxed vector goes to the
    discriminator). Pass the `(2,)` `seed` or the `noise` `(B, V)` itself."""
    if (seed is None) == (noise is None):
        raise ValueError("Pass exactly one of seed and noise.")
    if noise is None:
        noise = gumbel_noise(tf.shape(logits), seed)  # (B, V)
    tokens = tf.argmax(tf.cast(logits, tf.float32) + noise, axis=-1, output_type=tf.int32)
    return tokens, gumbel_softmax(logits, temperature, noise=noise)
