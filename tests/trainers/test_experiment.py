"""The experiment runner: an interrupted run resumes where it stopped."""

import csv
import json
import os
import shutil

import keras
import numpy as np
import pytest
import tensorflow as tf

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


def test_a_truncated_mle_generator_falls_back_to_the_mle_checkpoint(tmp_path, capfd):
    config = apply_overrides(load_preset("seqgan_tiny"), ["adversarial_epochs=1"])
    workdir = str(tmp_path / "run")
    reference = experiment.train(config, str(tmp_path / "reference"), verbose=0)
    # A run stopped after MLE, whose saved MLE generator was then cut short.
    mle_only = apply_overrides(config, ["adversarial_epochs=0"])
    experiment.train(mle_only, str(tmp_path / "mle"), verbose=0)
    os.makedirs(workdir)
    for name in ("mle_results.json", "mle_checkpoints", "history.csv"):
        source = os.path.join(tmp_path, "mle", name)
        target = os.path.join(workdir, name)
        shutil.copytree(source, target) if os.path.isdir(source) else shutil.copy(source, target)
    with open(os.path.join(tmp_path, "mle", "generator.keras"), "rb") as file:
        data = file.read()
    with open(os.path.join(workdir, "generator_mle.keras"), "wb") as file:
        file.write(data[: len(data) // 2])
    with open(os.path.join(workdir, "config.json"), "w") as file:
        json.dump(config.to_dict(), file)
    capfd.readouterr()  # What the two runs above printed.
    results = experiment.train(config, workdir, verbose=0)
    notices = [  # TensorFlow's warnings included; the tiny discriminator's own is expected.
        line
        for line in capfd.readouterr().err.strip().splitlines()
        if not line.startswith("Warning: after pretraining the discriminator")
    ]
    assert len(notices) == 1 and "not a readable .keras file" in notices[0]  # One line, stderr.
    assert results["nll_oracle"] == reference["nll_oracle"]  # The same start, the same run.
    # Every tensor of the final checkpoint, the optimizers' slots included, as uninterrupted.
    final, expected = (
        _newest_tensors(os.path.join(directory, "checkpoints"))
        for directory in (workdir, str(tmp_path / "reference"))
    )
    assert sorted(final) == sorted(expected)
    for name, value in expected.items():
        np.testing.assert_array_equal(final[name], value, err_msg=name)


def _newest_tensors(directory):
    reader = tf.train.load_checkpoint(_newest(directory))
    names = set(reader.get_variable_to_shape_map()) - {"_CHECKPOINTABLE_OBJECT_GRAPH"}
    return {name: reader.get_tensor(name) for name in names}


def _newest(directory):
    from tf_hebbgan.trainers.checkpoints import SafeCheckpoints

    return SafeCheckpoints(None, directory).paths()[0]


def test_steps_per_execution_divides_the_epoch():
    from tf_hebbgan.trainers.mle import steps_per_execution

    assert steps_per_execution(156, 8) == 6
    assert steps_per_execution(2, 8) == 2
    assert steps_per_execution(7, 8) == 7
    assert steps_per_execution(13, 8) == 1
