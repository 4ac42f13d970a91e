"""Pattern memorisation at the paper's size (1,000 bits) for 500 episodes: ~30 minutes a run.

The paper's 2,000 episodes take about two hours on one core.
"""

from tf_hebbgan.trainers.pattern_memory import PatternMemoryConfig


def get_config():
    config = PatternMemoryConfig()
    config.size = 1000  # Bits per pattern, as the paper.
    config.episodes = 500  # The paper's plastic curve is low after about 200.
    config.learning_rate = 1e-3  # Adam, as the paper.
    config.log_every = 10  # A point every 10 episodes.
    return config
