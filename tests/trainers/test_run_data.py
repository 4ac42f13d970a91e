"""A run's data: the oracle's splits drawn once per process, the same as a fresh draw."""

import numpy as np

from tf_hebbgan import config as config_lib
from tf_hebbgan.data import oracle_data
from tf_hebbgan.trainers import run_data


def _config(**fields):
    config = config_lib.load_preset("tiny")
    config.num_train_samples, config.num_test_samples, config.sequence_length = 64, 8, 4
    for name, value in fields.items():
        setattr(config, name, value)
    return config


def test_the_oracles_splits_are_drawn_once_and_equal_a_fresh_draw(monkeypatch):
    draws = []
    draw = oracle_data.oracle_splits
    monkeypatch.setattr(run_data, "oracle_splits", lambda *a: draws.append(a) or draw(*a))
    monkeypatch.setattr(run_data, "_ORACLE_SPLITS", {})
    first = run_data.load_run_data(_config())
    first.train_tokens[:] = 0  # A caller's change does not reach the next load.
    again = run_data.load_run_data(_config())
    assert len(draws) == 1 and again.oracle is not first.oracle
    fresh = draw(again.oracle, 64, 8, _config().data_seed)
    np.testing.assert_array_equal(again.train_tokens, fresh[0])
    np.testing.assert_array_equal(again.test_tokens, fresh[1])
    assert again.train_tokens.shape == (64, 4) and again.train_tokens.any()
    other = run_data.load_run_data(_config(data_seed=_config().data_seed + 5))
    assert len(draws) == 2 and not np.array_equal(other.train_tokens, again.train_tokens)
