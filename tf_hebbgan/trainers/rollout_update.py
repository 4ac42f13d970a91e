"""The delayed rollout network of the SeqGAN paper."""


def update_rollout_network(rollout, generator, rate=0.8):
    """`theta_roll <- rate * theta_roll + (1 - rate) * theta_gen`, weight by weight.

    The SeqGAN paper's rollout network lags the generator this way (r = 0.8). Its public code
    means to, but copies the generator's graph so that rollouts always use the live generator;
    `rate=0.0` reproduces that behaviour.
    """
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"rate must lie in [0, 1]; got {rate}.")
    if len(rollout.weights) != len(generator.weights):
        raise ValueError(
            f"The rollout network has {len(rollout.weights)} weights, the generator "
            f"{len(generator.weights)}: they must be copies of one architecture."
        )
    for target, source in zip(rollout.weights, generator.weights, strict=True):
        if tuple(target.shape) != tuple(source.shape):
            raise ValueError(f"Shape mismatch: {target.path} {target.shape} vs {source.shape}.")
        target.assign(rate * target + (1.0 - rate) * source)
