"""Binary pattern memorisation as the paper: 5 patterns of 1,000 bits, 2,000 episodes."""

from tf_hebbgan.trainers.pattern_memory import PatternMemoryConfig


def get_config():
    config = PatternMemoryConfig()
    config.size = 1000  # Bits per pattern: 1,001 neurons with the bias neuron.
    config.num_patterns = 5  # Patterns per episode.
    config.presentation = 10  # Steps each pattern is shown.
    config.gap = 3  # Steps of zero input between presentations.
    config.cycles = 3  # The set is shown 3 times, each in a new random order.
    config.test_steps = 10  # Steps of the half-erased test pattern.
    config.episodes = 2000  # The paper's plastic network is below 0.01 within 2,000.
    config.learning_rate = 1e-3  # Adam, as the paper.
    config.log_every = 10  # A point of the error curve every 10 episodes.
    return config
