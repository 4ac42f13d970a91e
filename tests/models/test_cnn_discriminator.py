"""CNNDiscriminator at tiny shapes: shapes, SeqGAN defaults, saving, a training step, errors."""

import keras
import numpy as np
import pytest

from tf_hebbgan.models import CNNDiscriminator


def tiny(**kwargs):
    keras.utils.set_random_seed(0)
    return CNNDiscriminator(10, 5, 8, (1, 2, 5), (3, 4, 2), **kwargs)


def test_seqgan_defaults():
    model = CNNDiscriminator()
    model.build()
    assert model.feature_dim == 1720
    assert model.output_layer.kernel_regularizer.l2 == pytest.approx(0.1)
    assert model.highway.gate.bias.numpy().max() == 0.0


def test_logits_probabilities_and_round_trip(tmp_path):
    model = tiny()
    tokens = np.random.default_rng(0).integers(0, 10, (4, 5))
    logits = model(tokens, training=False)
    assert logits.shape == (4, 2)
    np.testing.assert_allclose(
        model.probability_real(tokens), keras.ops.softmax(logits)[:, 1], rtol=1e-6
    )
    path = str(tmp_path / "discriminator.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    np.testing.assert_allclose(loaded(tokens, training=False), logits, atol=1e-6)


def test_fit_learns_to_tell_two_token_sets_apart():
    rng = np.random.default_rng(1)
    real = rng.integers(0, 5, (64, 5))
    fake = rng.integers(5, 10, (64, 5))
    x = np.concatenate([real, fake])
    y = np.concatenate([np.ones(64), np.zeros(64)])
    model = tiny(dropout=0.0)
    model.compile(
        keras.optimizers.Adam(1e-2),
        keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    history = model.fit(x, y, batch_size=32, epochs=5, verbose=0, shuffle=True)
    assert history.history["accuracy"][-1] > 0.9


def test_bad_shapes_are_clear_errors():
    with pytest.raises(ValueError, match="does not fit"):
        CNNDiscriminator(10, 5, filter_sizes=(1, 6), num_filters=(2, 2))
    with pytest.raises(ValueError, match="one length"):
        CNNDiscriminator(10, 5, filter_sizes=(1, 2), num_filters=(2,))
