"""Episodes of binary pattern memorisation (Miconi et al. 2018, Experiment 1).

An episode shows `num_patterns` random patterns of +1/-1 bits, each for `presentation` steps
followed by `gap` steps of zero input, the whole set `cycles` times in a new random order each
time; then one of the patterns with half of its bits set to 0, for `test_steps` steps. The
network must output the whole pattern at the last step. Inputs carry one more entry, always 1:
the input of the bias neuron.
"""

import numpy as np


def episode_length(num_patterns=5, presentation=10, gap=3, cycles=3, test_steps=10):
    """Steps in an episode."""
    return cycles * num_patterns * (presentation + gap) + test_steps


def pattern_episodes(
    rng,
    batch_size,
    size,
    num_patterns=5,
    presentation=10,
    gap=3,
    cycles=3,
    test_steps=10,
):
    """`batch_size` episodes drawn with the NumPy generator `rng`.

    Returns:
        inputs `(batch, steps, size + 1)` float32 in {-1, 0, 1} (the last entry is the bias
        neuron's 1 at every step), and targets `(batch, size)` float32: the tested pattern.

    Example:

    >>> inputs, targets = pattern_episodes(np.random.default_rng(0), 2, size=8)  # (2, 205, 9)
    """
    steps = episode_length(num_patterns, presentation, gap, cycles, test_steps)
    inputs = np.zeros((batch_size, steps, size + 1), "float32")
    inputs[:, :, size] = 1.0  # The bias neuron.
    targets = np.zeros((batch_size, size), "float32")
    for episode in range(batch_size):
        patterns = rng.integers(0, 2, (num_patterns, size)) * 2 - 1  # (P, N) in {-1, 1}
        step = 0
        for _ in range(cycles):
            for index in rng.permutation(num_patterns):
                inputs[episode, step : step + presentation, :size] = patterns[index]
                step += presentation + gap
        tested = patterns[rng.integers(num_patterns)]
        kept = rng.permutation(size) < size // 2  # Exactly half of the bits survive.
        inputs[episode, step:, :size] = tested * kept
        targets[episode] = tested
    return inputs, targets
