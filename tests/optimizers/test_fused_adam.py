import contextlib

import keras
import numpy as np
import pytest
import tensorflow as tf

from tf_hebbgan.optimizers import FusedAdam


def _model():
    keras.utils.set_random_seed(0)
    return keras.Sequential(
        [keras.Input((5,)), keras.layers.Dense(4, activation="tanh"), keras.layers.Dense(3)]
    )


def _fit(make_optimizer, strategy=None):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 5)).astype("float32")
    y = rng.integers(0, 3, 32).astype("int32")
    with strategy.scope() if strategy else contextlib.nullcontext():
        model = _model()
        model.compile(
            optimizer=make_optimizer(),
            loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
            jit_compile=False,
        )
    model.fit(x, y, batch_size=8, epochs=2, verbose=0, shuffle=False)
    return model


def _assert_same_weights(expected_model, actual_model):
    initial = _model().get_weights()
    for start, expected, actual in zip(
        initial, expected_model.get_weights(), actual_model.get_weights(), strict=True
    ):
        assert not np.allclose(expected, start)  # Training moved it.
        np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("options", [{}, {"global_clipnorm": 0.1}, {"epsilon": 1e-8}])
def test_matches_keras_adam(options):
    reference = _fit(lambda: keras.optimizers.Adam(0.05, **options))
    fused = _fit(lambda: FusedAdam(0.05, **options))
    _assert_same_weights(reference, fused)
    assert int(fused.optimizer.iterations) == 8


def test_matches_keras_adam_under_mirrored_strategy(mirrored_strategy):
    strategy = mirrored_strategy
    _assert_same_weights(
        _fit(lambda: keras.optimizers.Adam(0.05), strategy),
        _fit(lambda: FusedAdam(0.05), strategy),
    )


def test_repeated_embedding_ids_are_summed_before_squaring():
    # Token 0 twice in a batch: Adam on the gradient (2, 2) gives v = (1 - b2) 2^2 = 0.004 and
    # a first step of exactly lr. (Keras 3's Adam squares each slice: v = 0.002.)
    variable = keras.Variable(np.ones((3, 2), "float32"))
    optimizer = FusedAdam(0.05)
    optimizer.build([variable])
    gradient = tf.IndexedSlices(tf.ones((2, 2)), tf.constant([0, 0]), tf.constant([3, 2]))
    optimizer.apply([gradient], [variable])
    np.testing.assert_allclose(np.asarray(optimizer._velocities[0])[0], [0.004, 0.004], rtol=1e-4)
    np.testing.assert_allclose(np.asarray(variable), [[0.95, 0.95], [1, 1], [1, 1]], rtol=1e-6)


def test_config_round_trip_and_checkpoint(tmp_path):
    model = _fit(lambda: FusedAdam(0.05, epsilon=1e-8))
    restored = FusedAdam.from_config(model.optimizer.get_config())
    assert restored.epsilon == 1e-8 and float(restored.learning_rate) == pytest.approx(0.05)
    path = tf.train.Checkpoint(optimizer=model.optimizer).save(str(tmp_path / "ckpt"))
    other = _model()
    other.compile(optimizer=FusedAdam(0.05), loss="mse")
    other.optimizer.build(other.trainable_variables)
    tf.train.Checkpoint(optimizer=other.optimizer).restore(path).assert_existing_objects_matched()
    for expected, actual in zip(model.optimizer.variables, other.optimizer.variables, strict=True):
        np.testing.assert_array_equal(np.asarray(actual), np.asarray(expected))
