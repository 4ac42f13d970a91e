"""The `hebbgan` command end to end, in fresh processes, with the tiny preset."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def hebbgan(*args):
    env = dict(os.environ, PYTHONPATH=REPO, TF_CPP_MIN_LOG_LEVEL="3")
    return subprocess.run(
        [sys.executable, "-m", "tf_hebbgan.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


@pytest.mark.parametrize(
    "args,message",
    [
        (["train", "--preset", "nope", "--workdir", "w"], "Unknown preset 'nope'"),
        (["train", "--preset", "tiny", "--workdir", "w", "--set", "epochs=2"], "Unknown config"),
        (["train", "--preset", "tiny", "--workdir", "w", "--set", "seed=x"], "Bad value for seed"),
        (["train", "--preset", "tiny"], "--workdir is required"),
        (["evaluate", "--workdir", "does/not/exist"], "Could not read"),
    ],
)
def test_cli_errors_are_one_clear_line(args, message):
    result = hebbgan(*args)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert message in last_line and last_line.startswith("hebbgan ")
    assert "Traceback" not in result.stderr


def test_cli_train_evaluate_sample_and_protect_saved_work(tmp_path):
    workdir = str(tmp_path / "run")
    result = hebbgan("train", "--preset", "tiny", "--workdir", workdir, "--seed", "3")
    assert result.returncode == 0, result.stderr
    assert "NLL-oracle" in result.stdout
    results = json.loads(result.stdout.strip().splitlines()[-1])
    assert results["seed"] == 3 and results["nll_oracle"] > 0 and results["nll_test"] > 0
    for name in ("config.json", "generator.keras", "results.json", "history.csv"):
        assert os.path.exists(os.path.join(workdir, name))
    assert any(name.startswith("events") for _, _, files in os.walk(workdir) for name in files)

    evaluated = hebbgan("evaluate", "--workdir", workdir)
    assert evaluated.returncode == 0, evaluated.stderr
    assert json.loads(evaluated.stdout.strip().splitlines()[-1])["nll_test"] == pytest.approx(
        results["nll_test"], rel=1e-4
    )

    sampled = hebbgan("sample", "--workdir", workdir, "--num_samples", "3", "--seed", "1")
    assert sampled.returncode == 0, sampled.stderr
    rows = np.array([line.split() for line in sampled.stdout.strip().splitlines()], int)
    assert rows.shape == (3, 20) and rows.min() >= 0 and rows.max() < 5000

    # Another config on the same workdir is refused, and the saved run is untouched.
    with open(os.path.join(workdir, "config.json")) as file:
        saved = file.read()
    refused = hebbgan(
        "train", "--preset", "tiny", "--workdir", workdir, "--seed", "3", "--set", "mle_epochs=5"
    )
    assert refused.returncode != 0 and "another config (mle_epochs: 2 -> 5" in refused.stderr
    with open(os.path.join(workdir, "config.json")) as file:
        assert file.read() == saved

    # A corrupt generator file is named as such.
    with open(os.path.join(workdir, "generator.keras"), "wb") as file:
        file.write(b"not a zip file")
    broken = hebbgan("evaluate", "--workdir", workdir)
    assert broken.returncode != 0 and "corrupt or unreadable" in broken.stderr


def test_cli_closed_pipe_is_quiet():
    # Standard output is a pipe whose reading end is already closed, so every write fails.
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = dict(os.environ, PYTHONPATH=REPO)
    result = subprocess.run(
        [sys.executable, "-m", "tf_hebbgan.cli", "presets"],
        stdout=write_end,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    os.close(write_end)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
