"""The library's pipelines end with its options: tf.data's autotuning off unless asked for."""

import numpy as np
import pytest
import tensorflow as tf

from tf_hebbgan.data import (
    data_autotune,
    finished,
    mle_dataset,
    resumable_mle_dataset,
    set_data_autotune,
)

TOKENS = np.random.default_rng(0).integers(0, 7, (32, 5)).astype("int32")


@pytest.fixture
def autotune_restored():
    yield
    set_data_autotune(False)


def test_every_pipeline_of_the_library_has_autotuning_off():
    assert data_autotune() is False
    for dataset in (
        mle_dataset(TOKENS, 8, 7, seed=0),
        resumable_mle_dataset(TOKENS, 8, 7, seed=0),
        finished(tf.data.Dataset.range(3)),
    ):
        assert dataset.options().autotune.enabled is False


def test_set_data_autotune_turns_it_on_for_later_pipelines(autotune_restored):
    before = mle_dataset(TOKENS, 8, 7, seed=0)
    set_data_autotune(True)
    assert data_autotune() is True
    assert mle_dataset(TOKENS, 8, 7, seed=0).options().autotune.enabled is True
    assert before.options().autotune.enabled is False


def test_the_options_leave_the_batches_as_they_were():
    def plain():  # A dataset of its own each time: a reshuffling one moves on per iterator.
        return tf.data.Dataset.from_tensor_slices(TOKENS).shuffle(32, seed=3).batch(8)

    batches = np.concatenate(list(finished(plain()).as_numpy_iterator()))
    np.testing.assert_array_equal(batches, np.concatenate(list(plain().as_numpy_iterator())))
    assert not np.array_equal(batches, TOKENS)  # It did shuffle.
