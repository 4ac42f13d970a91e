"""Adversarial losses of the Gumbel-softmax family, as pure functions of the logits.

Each takes the discriminator's logits on a real and a generated batch (`(B,)` or `(B, R)` for R
representations; every entry counts equally) and returns `(discriminator_loss,
generator_loss)`, both scalars. RelGAN's default is the relativistic standard loss (`rsgan`).
"""

import tensorflow as tf


def _mean_softplus(values):
    # sigmoid_cross_entropy(logits=x, labels=1) = softplus(-x), computed stably.
    return tf.reduce_mean(tf.nn.softplus(values))


def rsgan_loss(real_logits, fake_logits):
    """Relativistic standard GAN (Jolicoeur-Martineau 2019), RelGAN's loss.

    D: `mean(softplus(-(real - fake)))`; G: `mean(softplus(-(fake - real)))`.

    Example:

    >>> rsgan_loss(tf.constant([2.0]), tf.constant([0.0]))  # (softplus(-2), softplus(2))
    """
    difference = real_logits - fake_logits
    return _mean_softplus(-difference), _mean_softplus(difference)


def standard_loss(real_logits, fake_logits):
    """The standard GAN loss with the non-saturating generator loss (Goodfellow et al. 2014).

    D: `mean(softplus(-real)) + mean(softplus(fake))`; G: `mean(softplus(-fake))`.
    """
    return _mean_softplus(-real_logits) + _mean_softplus(fake_logits), _mean_softplus(-fake_logits)


def hinge_loss(real_logits, fake_logits):
    """Hinge loss. D: `mean(relu(1 - real)) + mean(relu(1 + fake))`; G: `-mean(fake)`."""
    discriminator = tf.reduce_mean(tf.nn.relu(1.0 - real_logits))
    discriminator += tf.reduce_mean(tf.nn.relu(1.0 + fake_logits))
    return discriminator, -tf.reduce_mean(fake_logits)


def wgan_loss(real_logits, fake_logits):
    """Wasserstein loss, without its gradient penalty (`gradient_penalty`, added by the
    trainer). D: `mean(fake) - mean(real)`; G: `-mean(fake)`."""
    return tf.reduce_mean(fake_logits) - tf.reduce_mean(real_logits), -tf.reduce_mean(fake_logits)


def gradient_penalty(critic, real, fake, seed, offset=0, total=None):
    """WGAN-GP's penalty (Gulrajani et al. 2017): `mean((|grad critic(x)| - 1) ** 2)` at
    `x = e * real + (1 - e) * fake`, `e ~ U(0, 1)` per sequence.

    Args:
        critic: a function of one-hot or relaxed sequences `(B, T, V)` to logits `(B, ...)`.
        real, fake: `(B, T, V)` one-hot real and relaxed generated sequences.
        seed: `(2,)` stateless seed of the interpolation.
        offset, total: use rows `offset ..` of the draw for `total` rows (a replica's share).
    """
    rows = tf.shape(real)[0]
    mix = tf.random.stateless_uniform([total or rows, 1, 1], seed, alg="philox")
    mix = mix[offset : offset + rows]  # (b, 1, 1)
    interpolated = mix * real + (1.0 - mix) * fake  # (B, T, V)
    with tf.GradientTape() as tape:
        tape.watch(interpolated)
        logits = critic(interpolated)
    gradient = tape.gradient(logits, interpolated)  # (B, T, V)
    norm = tf.norm(tf.reshape(gradient, [tf.shape(gradient)[0], -1]), axis=1)  # (B,)
    return tf.reduce_mean(tf.square(norm - 1.0))


GAN_LOSSES = {
    "rsgan": rsgan_loss,
    "standard": standard_loss,
    "hinge": hinge_loss,
    "wgan-gp": wgan_loss,
}
