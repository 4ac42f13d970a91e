"""CNNRanker at tiny shapes: its rank score, saving, learning to rank, errors."""

import keras
import numpy as np
import pytest

from tf_hebbgan.losses import log_rank
from tf_hebbgan.models import CNNRanker

RNG = np.random.default_rng(0)
REAL = RNG.integers(0, 5, (64, 5)).astype("int32")  # Real sentences use tokens 0-4,
FAKE = RNG.integers(5, 10, (64, 5)).astype("int32")  # generated ones 5-9.


def tiny(**kwargs):
    keras.utils.set_random_seed(0)
    ranker = CNNRanker(10, 5, 8, (1, 2), (3, 4), num_references=4, num_comparison=6, **kwargs)
    ranker.set_real(REAL[:4], REAL[4:10])
    return ranker


def test_the_rank_score_is_exp_log_rank_against_the_held_sets(tmp_path):
    ranker = tiny()
    score = np.asarray(ranker.probability_real(FAKE[:5]))
    expected = np.exp(
        log_rank(ranker(FAKE[:5]), ranker(REAL[4:10]), ranker(REAL[:4]), ranker.gamma)
    )
    np.testing.assert_allclose(score, expected, rtol=1e-6)
    assert np.all((score > 0) & (score <= 1))
    path = str(tmp_path / "ranker.keras")
    ranker.save(path)
    loaded = keras.saving.load_model(path)
    np.testing.assert_array_equal(loaded.references.numpy(), REAL[:4])
    np.testing.assert_allclose(loaded.probability_real(FAKE[:5]), score, rtol=1e-6)
    assert CNNRanker.from_config(ranker.get_config()).get_config() == ranker.get_config()


def test_fit_learns_to_rank_real_above_generated():
    ranker = tiny(dropout=0.0)
    ranker.compile(keras.optimizers.Adam(1e-2))
    tokens = np.concatenate([REAL, FAKE])
    labels = np.concatenate([np.ones(64), np.zeros(64)]).astype("int32")
    before = ranker.probability_real(FAKE).numpy().mean()
    history = ranker.fit(tokens, labels, batch_size=32, epochs=8, verbose=0).history
    assert history["loss"][-1] < history["loss"][0] - 1.0  # From about -0.3 to -1.9.
    assert ranker.probability_real(FAKE).numpy().mean() < before
    assert ranker.accuracies(REAL, FAKE) == (1.0, 1.0)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="references must have shape"):
        tiny().set_real(REAL[:3], REAL[:6])
    with pytest.raises(ValueError, match="gamma"):
        CNNRanker(10, 5, 8, (1, 2), (3, 4), gamma=0.0)
