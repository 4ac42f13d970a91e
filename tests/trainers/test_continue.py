"""A finished run continued for more adversarial epochs equals a run trained that long from
the start: every checkpoint tensor and every figure."""

import json
import os

import numpy as np
import pytest

from tests.trainers.resume_cases import _final_state
from tf_hebbgan.config import apply_overrides, load_preset
from tf_hebbgan.trainers import experiment
from tf_hebbgan.trainers.workdir_checks import check_start


def test_a_finished_run_continued_equals_the_longer_run(tmp_path, capfd):
    short = apply_overrides(load_preset("seqgan_tiny"), ["mle_epochs=1", "adversarial_epochs=1"])
    longer = apply_overrides(short, ["adversarial_epochs=2"])
    experiment.train(longer, str(tmp_path / "longer"), verbose=0)
    workdir = str(tmp_path / "continued")
    first = experiment.train(short, workdir, verbose=0)
    capfd.readouterr()
    continued = experiment.train(longer, workdir, verbose=0)
    assert "Continuing" in capfd.readouterr().err
    assert continued["continued_from"] == [1]
    with open(os.path.join(workdir, "results_1.json")) as file:
        assert json.load(file) == first  # The earlier finish, kept as it was.
    tensors, results = _final_state(workdir)
    expected_tensors, expected_results = _final_state(str(tmp_path / "longer"))
    assert {k: v for k, v in results.items() if k != "continued_from"} == expected_results
    assert sorted(tensors) == sorted(expected_tensors)
    for name, value in expected_tensors.items():
        np.testing.assert_array_equal(tensors[name], value, err_msg=name)
    # The recipe now says what the run is; the same command finds it finished.
    assert experiment.train(longer, workdir, verbose=0)["continued_from"] == [1]
    with pytest.raises(ValueError, match="another config"):  # Fewer epochs: not a continuation.
        check_start(short, workdir)


def test_a_relgan_schedule_over_the_runs_own_steps_cannot_be_continued(tmp_path):
    config = apply_overrides(load_preset("relgan_tiny"), ["gumbel_horizon=0"])
    workdir = tmp_path / "run"
    workdir.mkdir()
    (workdir / "config.json").write_text(json.dumps(config.to_dict()))
    more = apply_overrides(config, [f"adversarial_epochs={config.adversarial_epochs + 2}"])
    with pytest.raises(ValueError, match="gumbel_horizon 0"):
        check_start(more, str(workdir))
