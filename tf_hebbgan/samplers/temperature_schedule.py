"""RelGAN's schedules of the Gumbel-softmax inverse temperature over the adversarial steps."""

import math

SCHEDULES = ("no", "lin", "exp", "log", "sigmoid", "quad", "sqrt")


def inverse_temperature(schedule, step, horizon, maximum):
    """RelGAN's inverse temperature beta at adversarial `step` (0-based): 1 at the start,
    `maximum` at `horizon - 1` (`"no"`: `maximum` throughout).

    The relaxed sample is `softmax(beta * (logits + g))`: a larger beta is closer to one-hot,
    with higher-variance gradients. RelGAN's code fixes `horizon` at 5,000 whatever the number
    of steps (so its 3,000-step runs end below the maximum); recipes set it
    (`Config.gumbel_horizon`, 0: the run's adversarial steps).

    Example:

    >>> inverse_temperature("exp", 0, 3000, 100.0)
    1.0
    >>> round(inverse_temperature("exp", 2999, 3000, 100.0), 1)
    99.8
    """
    if schedule not in SCHEDULES:
        raise ValueError(f"schedule must be one of {SCHEDULES}; got {schedule!r}.")
    if horizon < 2:
        raise ValueError(f"horizon must be >= 2; got {horizon}.")
    if maximum < 1.0:
        raise ValueError(f"maximum must be >= 1; got {maximum}.")
    i, n, span = float(step), float(horizon), maximum - 1.0
    if schedule == "no":
        return float(maximum)
    if schedule == "lin":
        return 1.0 + i / (n - 1.0) * span
    if schedule == "exp":
        return float(maximum ** (i / n))
    if schedule == "log":
        return 1.0 + span / math.log(n) * math.log(i + 1.0)
    if schedule == "sigmoid":
        return span / (1.0 + math.exp((n / 2.0 - i) * 20.0 / n)) + 1.0
    if schedule == "quad":
        return span / (n - 1.0) ** 2 * i**2 + 1.0
    return span / math.sqrt(n - 1.0) * math.sqrt(i) + 1.0  # "sqrt"
