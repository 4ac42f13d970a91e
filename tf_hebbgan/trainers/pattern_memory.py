"""Binary pattern memorisation: a plastic network, the same without plasticity, and an LSTM,
trained by Adam through `fit` on freshly drawn episodes (Miconi et al. 2018, Experiment 1).

Recipes are `PatternMemoryConfig`s in the repository's `models/memorisation/`;
`training/pattern_memory.py` runs them over seeds and records the curves.
"""

import dataclasses
import time

import keras
import numpy as np
import tensorflow as tf

from tf_hebbgan.data.pattern_episodes import episode_length, pattern_episodes
from tf_hebbgan.data.pipeline import finished
from tf_hebbgan.models.plastic_recurrent_network import PlasticRecurrentNetwork

MODELS = ("plastic", "nonplastic", "lstm")


@dataclasses.dataclass
class PatternMemoryConfig:
    """Every field of a pattern-memorisation run."""

    preset: str = ""  # Name of the recipe.
    size: int = 1000  # Bits per pattern (the paper: 1,000); the network has size + 1 neurons.
    num_patterns: int = 5  # Patterns per episode.
    presentation: int = 10  # Steps each pattern is shown.
    gap: int = 3  # Steps of zero input after each presentation.
    cycles: int = 3  # Times the set of patterns is shown, each in a new random order.
    test_steps: int = 10  # Steps the half-erased test pattern is shown.
    episodes: int = 2000  # Training episodes (the paper's plastic curve: 2,000).
    batch_size: int = 1  # Episodes per Adam step (the paper: 1).
    learning_rate: float = 1e-3  # Adam (the paper: 1e-3).
    log_every: int = 10  # Episodes per point of the error curve.
    seed: int = 0  # Initialisation and episodes.

    def validate(self):
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if field.name not in ("preset", "gap", "seed") and not value > 0:
                raise ValueError(f"{field.name} must be positive; got {value}.")
        if self.gap < 0 or self.seed < 0:
            raise ValueError(f"gap and seed must be >= 0; got {self.gap} and {self.seed}.")
        if self.log_every % self.batch_size or self.episodes % self.log_every:
            raise ValueError("log_every must be a multiple of batch_size, episodes of log_every.")
        return self


def bit_error(targets, outputs):
    """The fraction of wrong bits: `mean(sign(outputs) != targets)` over the pattern's bits
    (the last neuron, the bias, left out). Shapes `(batch, size + 1)`."""
    wrong = tf.not_equal(tf.sign(outputs[:, :-1]), targets[:, :-1])
    return tf.reduce_mean(tf.cast(wrong, tf.float32))


def squared_error(targets, outputs):
    """The paper's loss: the sum over bits of the squared error, per episode `(batch,)`."""
    return tf.reduce_sum(tf.square(outputs[:, :-1] - targets[:, :-1]), axis=-1)


def build_model(kind, config, jit_compile=False):
    """A new network of `kind` (`"plastic"`, `"nonplastic"` or `"lstm"`) with `size + 1`
    neurons, compiled with Adam, the squared error and the bit error. XLA is off by default:
    on CPU it measured 2x slower for the plastic network at N = 1,000 (docs/results.md)."""
    units = config.size + 1
    keras.utils.set_random_seed(config.seed)
    if kind in ("plastic", "nonplastic"):
        model = PlasticRecurrentNetwork(units, plastic=kind == "plastic")
    elif kind == "lstm":
        model = keras.Sequential(
            [
                keras.Input((None, units)),
                keras.layers.LSTM(units, name="lstm"),
                keras.layers.Dense(units, activation="tanh", name="output"),
            ]
        )
    else:
        raise ValueError(f"model must be one of {MODELS}; got {kind!r}.")
    model.compile(
        optimizer=keras.optimizers.Adam(config.learning_rate),
        loss=squared_error,
        metrics=[bit_error],
        jit_compile=jit_compile,
    )
    return model


def episode_dataset(config):
    """Batches of episodes drawn from `config.seed` for the whole run: inputs `(batch, steps,
    size + 1)` and targets `(batch, size + 1)` (the bias neuron's target is its 1)."""
    steps = episode_length(
        config.num_patterns, config.presentation, config.gap, config.cycles, config.test_steps
    )
    units = config.size + 1

    def batches():
        rng = np.random.default_rng([config.seed, 1])
        for _ in range(config.episodes // config.batch_size):
            inputs, targets = pattern_episodes(
                rng,
                config.batch_size,
                config.size,
                config.num_patterns,
                config.presentation,
                config.gap,
                config.cycles,
                config.test_steps,
            )
            yield inputs, np.concatenate([targets, np.ones((len(targets), 1), "float32")], 1)

    signature = (
        tf.TensorSpec([config.batch_size, steps, units], tf.float32),
        tf.TensorSpec([config.batch_size, units], tf.float32),
    )
    return finished(tf.data.Dataset.from_generator(batches, output_signature=signature))


def train_pattern_memory(kind, config, verbose=0):
    """Trains a `kind` network on `config.episodes` episodes; returns its curve.

    Returns `{"model", "seed", "episodes": [...], "error": [...], "loss": [...], "seconds"}`:
    the mean bit error and loss of every `log_every` episodes, at the episode count reached.
    """
    config.validate()
    model = build_model(kind, config)
    steps = config.log_every // config.batch_size
    start = time.perf_counter()
    history = model.fit(
        episode_dataset(config),
        epochs=config.episodes // config.log_every,
        steps_per_epoch=steps,
        verbose=verbose,
        shuffle=False,
    ).history
    points = len(history["loss"])
    return {
        "model": kind,
        "seed": config.seed,
        "episodes": [config.log_every * (index + 1) for index in range(points)],
        "error": [float(value) for value in history["bit_error"]],
        "loss": [float(value) for value in history["loss"]],
        "seconds": time.perf_counter() - start,
    }
