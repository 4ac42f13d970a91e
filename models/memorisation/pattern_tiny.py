"""Pattern memorisation at 50 bits for tests and quick looks: seconds. Not a result."""

from tf_hebbgan.trainers.pattern_memory import PatternMemoryConfig


def get_config():
    config = PatternMemoryConfig()
    config.size = 50  # 51 neurons.
    config.episodes = 200  # Enough for the plastic network to pull away.
    config.learning_rate = 3e-3  # Faster than the paper's 1e-3 at this size.
    config.log_every = 50  # Four points.
    return config
