"""The library's Adam clips the global batch's gradient under a strategy; Keras' does not."""

import keras
import numpy as np
import pytest

from tests.optimizers.test_fused_adam import _fit
from tf_hebbgan.optimizers import Adam, FusedAdam


def _max_difference(a, b):
    return max(
        float(np.max(np.abs(x - y))) for x, y in zip(a.get_weights(), b.get_weights(), strict=True)
    )


@pytest.mark.parametrize("make", [Adam, FusedAdam])
@pytest.mark.parametrize("clip", [{"global_clipnorm": 0.1}, {"clipnorm": 0.05}, {}])
def test_mirrored_equals_one_device_with_active_clipping(mirrored_strategy, make, clip):
    single = _fit(lambda: keras.optimizers.Adam(0.05, **clip))
    mirrored = _fit(lambda: make(0.05, **clip), mirrored_strategy)
    assert _max_difference(single, mirrored) < 1e-5


def test_keras_adam_clips_per_replica(mirrored_strategy):
    # What the class fixes: Keras clips each replica's half-gradient, then sums them.
    single = _fit(lambda: keras.optimizers.Adam(0.05, global_clipnorm=0.1))
    mirrored = _fit(lambda: keras.optimizers.Adam(0.05, global_clipnorm=0.1), mirrored_strategy)
    assert _max_difference(single, mirrored) > 1e-3


def test_same_as_keras_adam_on_one_device():
    expected = _fit(lambda: keras.optimizers.Adam(0.05, global_clipnorm=0.1))
    actual = _fit(lambda: Adam(0.05, global_clipnorm=0.1))
    for a, b in zip(expected.get_weights(), actual.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
