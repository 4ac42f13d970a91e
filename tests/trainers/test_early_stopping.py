"""Early-stopped MLE: the rule, the split, its independence of the test set, and resume."""

import csv
import dataclasses
import os

import keras
import numpy as np
import pytest

from tf_hebbgan.config import load_preset
from tf_hebbgan.trainers import early_stopping
from tf_hebbgan.trainers.early_stopping import best_epoch, should_stop, split_validation
from tf_hebbgan.trainers.mle_phase import pretrain_mle
from tf_hebbgan.trainers.run_data import load_run_data


def test_the_rule_takes_the_first_lowest_epoch_and_waits_patience_epochs():
    assert best_epoch([5.0, 4.0, 4.0, 4.5]) == 1
    assert not should_stop(3, 1, patience=3) and should_stop(4, 1, patience=3)
    assert not should_stop(100, 0, patience=0)  # 0: never stops.


def test_the_split_is_disjoint_and_a_function_of_the_data_seed():
    tokens = np.arange(40).reshape(20, 2)
    train, validation = split_validation(tokens, 5, seed=3)
    assert train.shape == (15, 2) and validation.shape == (5, 2)
    assert not set(train[:, 0]) & set(validation[:, 0])
    assert list(train[:, 0]) == sorted(train[:, 0])  # The rest keeps its order.
    np.testing.assert_array_equal(split_validation(tokens, 5, seed=3)[1], validation)
    with pytest.raises(ValueError, match="mle_validation_size must lie in"):
        split_validation(tokens, 20, seed=3)


def _config(**fields):
    config = load_preset("tiny")
    config.num_train_samples = 192  # 64 held out, two batches of 64 to train on.
    config.mle_validation_size = 64
    config.mle_epochs = 5
    config.eval_every = 100  # Only the first and last epochs score NLL-oracle.
    return dataclasses.replace(config, **fields).validate()


def _val_nll(workdir):
    with open(os.path.join(workdir, "history.csv"), newline="") as file:
        return [float(row["val_nll"]) for row in csv.DictReader(file)]


def _run(config, workdir, data=None, callbacks=()):
    os.makedirs(workdir, exist_ok=True)
    keras.utils.set_random_seed(config.seed)
    data = data or load_run_data(config)
    return pretrain_mle(config, str(workdir), data, verbose=0, callbacks=callbacks)


def test_a_stopped_run_keeps_its_best_epoch_and_trains_no_more(tmp_path, monkeypatch):
    scores = iter([5.0, 4.0, 4.5, 4.2, 4.8, 9.0])  # Best: epoch 1; patience 2 stops at 3.
    monkeypatch.setattr(early_stopping, "nll_test", lambda model, tokens: next(scores))
    config = _config(mle_patience=2)
    generator, results = _run(config, tmp_path)
    assert results["mle_best_epoch"] == 2 and results["mle_epochs_trained"] == 4
    assert results["val_nll"] == 4.0 and _val_nll(tmp_path) == [5.0, 4.0, 4.5, 4.2]
    assert os.listdir(tmp_path / "mle_best") == ["epoch_1.weights.h5"]
    best = keras.models.clone_model(generator)
    best.load_weights(str(tmp_path / "mle_best" / "epoch_1.weights.h5"))
    for kept, loaded in zip(generator.weights, best.weights, strict=True):
        np.testing.assert_array_equal(kept.numpy(), loaded.numpy())
    again, results = _run(config, tmp_path)  # Found stopped: no epoch more.
    assert results["mle_epochs_trained"] == 4 and len(_val_nll(tmp_path)) == 4
    for kept, loaded in zip(generator.weights, again.weights, strict=True):
        np.testing.assert_array_equal(kept.numpy(), loaded.numpy())


def test_the_choice_never_reads_the_test_set(tmp_path):
    config = _config(mle_patience=1, mle_learning_rate=0.05)
    data = load_run_data(config)
    other = dataclasses.replace(data, test_tokens=np.flip(data.test_tokens[:32], axis=1).copy())
    runs = [_run(config, tmp_path / name, d) for name, d in (("a", data), ("b", other))]
    (g_a, r_a), (g_b, r_b) = runs
    assert r_a["nll_test"] != r_b["nll_test"]  # Another test set ...
    assert _val_nll(tmp_path / "a") == _val_nll(tmp_path / "b")  # ... the same choice.
    assert (
        r_a["mle_best_epoch"] == r_b["mle_best_epoch"] == 1 + best_epoch(_val_nll(tmp_path / "a"))
    )
    for a, b in zip(g_a.weights, g_b.weights, strict=True):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert r_a["val_nll"] == min(_val_nll(tmp_path / "a"))


class _Crash(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        if epoch == 2:
            raise RuntimeError("killed")


def test_a_resumed_run_chooses_as_an_uninterrupted_one(tmp_path):
    config = _config(mle_patience=10)
    _, whole = _run(config, tmp_path / "whole")
    with pytest.raises(RuntimeError, match="killed"):
        _run(config, tmp_path / "resumed", callbacks=[_Crash()])
    generator, resumed = _run(config, tmp_path / "resumed")
    assert _val_nll(tmp_path / "resumed") == _val_nll(tmp_path / "whole")
    for key in ("mle_best_epoch", "val_nll", "nll_oracle", "nll_test"):
        assert resumed[key] == whole[key], key
