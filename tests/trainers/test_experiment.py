"""The experiment runner: an interrupted run resumes where it stopped."""

import csv
import os

import keras
import pytest

from tf_hebbgan.config import apply_overrides, load_preset
from tf_hebbgan.trainers import experiment


class StopRunError(Exception):
    pass


class InterruptAfterFirstEpoch(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        if epoch == 0:
            raise StopRunError()


def test_interrupted_run_resumes_at_the_next_epoch(tmp_path):
    config = apply_overrides(load_preset("tiny"), ["mle_epochs=4", "eval_every=2"])
    workdir = str(tmp_path / "run")
    with pytest.raises(StopRunError):
        experiment.train(config, workdir, verbose=0, callbacks=[InterruptAfterFirstEpoch()])
    assert not os.path.exists(os.path.join(workdir, "results.json"))
    results = experiment.train(config, workdir, verbose=0)
    with open(os.path.join(workdir, "history.csv")) as file:
        rows = list(csv.DictReader(file))
    # Epoch 0 from the first call, 1 to 3 after resuming; NLL at the first epoch of each
    # call, every second epoch and the last, in aligned columns.
    assert [int(row["epoch"]) for row in rows] == [0, 1, 2, 3]
    assert [row["nll_oracle"] != "NA" for row in rows] == [True, True, False, True]
    assert all(float(row["nll_test"]) > 0 for row in rows if row["nll_test"] != "NA")
    assert results["epochs"] == 4
    # A finished run is not trained again.
    assert experiment.train(config, workdir, verbose=0) == results


def test_pretraining_is_reused_only_when_it_matches(tmp_path):
    mle = load_preset("tiny")
    mle_dir = str(tmp_path / "mle")
    mle_results = experiment.train(mle, mle_dir, verbose=0)
    reuse = apply_overrides(
        load_preset("seqgan_tiny"), [f"pretrained_workdir={mle_dir}", "adversarial_epochs=1"]
    )
    results = experiment.train(reuse, str(tmp_path / "gan"), verbose=0)
    # Same MLE figures, because the very same generator was the starting point.
    assert results["mle_nll_oracle"] == mle_results["nll_oracle"]
    assert (results["preset"], results["adversarial_epochs"]) == ("seqgan_tiny", 1)
    mismatched = apply_overrides(reuse, ["seed=5"])
    with pytest.raises(ValueError, match="pretrained differently.*seed: 0 there, 5 here"):
        experiment.train(mismatched, str(tmp_path / "other"), verbose=0)
