"""compile_for_mle: Keras' steps_per_execution changes the speed of MLE, not its result."""

import keras
import numpy as np

from tf_hebbgan.data import mle_dataset
from tf_hebbgan.models import LSTMGenerator
from tf_hebbgan.trainers import compile_for_mle


def test_steps_per_execution_trains_the_same_steps_bit_for_bit():
    tokens = np.random.default_rng(0).integers(0, 50, (200, 8)).astype("int32")
    runs = []
    for steps in (1, 8):  # 12 steps per epoch: 8 does not divide it.
        keras.utils.set_random_seed(0)
        generator = LSTMGenerator(50, 8, 8, 8)
        generator.build()
        compile_for_mle(generator, steps_per_execution=steps)
        history = generator.fit(mle_dataset(tokens, 16, 50, seed=0), epochs=2, verbose=0)
        assert int(generator.optimizer.iterations.numpy()) == 24
        runs.append((history.history["loss"], [w.numpy() for w in generator.weights]))
    (losses_1, weights_1), (losses_8, weights_8) = runs
    assert losses_1 == losses_8
    for one, eight in zip(weights_1, weights_8, strict=True):
        np.testing.assert_array_equal(one, eight)
