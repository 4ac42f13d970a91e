"""The MLE data order: a resumed run's batches are those of an uninterrupted `fit`."""

import keras
import numpy as np
import pytest

from tf_hebbgan.data import mle_dataset, resumable_mle_dataset

VOCAB, BATCH, EPOCHS = 50, 16, 4
TOKENS = np.random.default_rng(0).integers(0, VOCAB, size=(100, 5)).astype("int32")
STEPS = len(TOKENS) // BATCH  # 6, the 4 left over are dropped each epoch.


class Recorder(keras.Model):
    """Records the batches `fit` feeds it (eagerly), and trains nothing."""

    def __init__(self):
        super().__init__()
        self.dense = keras.layers.Dense(1)
        self.seen = []

    def train_step(self, data):
        self.seen.append(np.asarray(data[0]))
        return {"batches": len(self.seen)}


def _fed_by_fit(dataset, steps_per_execution, **fit_arguments):
    model = Recorder()
    model.compile(run_eagerly=True, steps_per_execution=steps_per_execution)
    model.fit(dataset, verbose=0, **fit_arguments)
    return model.seen


@pytest.mark.parametrize("steps_per_execution", [1, 4])
def test_fit_on_mle_dataset_and_the_resumable_dataset_feed_the_same_batches(
    steps_per_execution,
):
    expected = _fed_by_fit(
        mle_dataset(TOKENS, BATCH, VOCAB, seed=3), steps_per_execution, epochs=EPOCHS
    )
    assert len(expected) == EPOCHS * STEPS
    for first in (0, 2):
        dataset = resumable_mle_dataset(TOKENS, BATCH, VOCAB, seed=3, first_epoch=first)
        fed = _fed_by_fit(dataset, 1, epochs=EPOCHS, initial_epoch=first, steps_per_epoch=STEPS)
        assert len(fed) == (EPOCHS - first) * STEPS
        for got, want in zip(fed, expected[first * STEPS :], strict=True):
            np.testing.assert_array_equal(got, want)
    # Epochs are shuffled differently.
    assert not np.array_equal(expected[0], expected[STEPS])
