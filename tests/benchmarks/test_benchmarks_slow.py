"""The benchmark scripts run and print every row (slow: the paper configuration)."""

import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.mark.slow
def test_seqgan_rows_quick_prints_every_row():
    result = subprocess.run(
        [sys.executable, os.path.join(REPO, "benchmarks", "seqgan_rows.py"), "--quick"],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=REPO),
        timeout=2400,  # Every row in both precisions: ~20 minutes with both cores busy.
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for row in (
        "ceiling",
        "discriminator products at their shapes",
        "MLE epoch",
        "sample 10,000",
        "rollout rewards",
        "discriminator",
        "adversarial epoch",
    ):
        assert row in result.stdout


def _run(script, *arguments):
    result = subprocess.run(
        [sys.executable, os.path.join(REPO, "benchmarks", script), *arguments],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=REPO),
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.mark.slow
def test_sampler_benchmark_prints_every_sampler():
    output = _run("sampler.py", "--rows=64", "--repeats=1")
    for name in ("exp ceiling", "stateless_categorical", "samplers.categorical, XLA"):
        assert name in output


@pytest.mark.slow
def test_discriminator_step_benchmark_profiles_both_optimizers():
    output = _run("discriminator_step.py", "--sequences=128", "--repeats=1", "--profile_steps=2")
    assert output.count("sequences/s") == 4
    assert "ResourceApplyAdam" in output and "thread-ms per step" in output


@pytest.mark.slow
def test_discriminator_step_benchmark_compares_a_plastic_discriminator():
    output = _run(
        "discriminator_step.py",
        "--sequences=128",
        "--repeats=1",
        "--profile_steps=1",
        "--plasticity=output_sequence",
    )
    assert output.count("output_sequence") >= 3  # Two throughput lines and a profile.
    assert "plain" in output and "thread-ms per step" in output


@pytest.mark.slow
def test_mle_step_benchmark_prints_every_part():
    output = _run("mle_step.py", "--repeats=1")
    for part in ("whole forward", "LSTM part", "cross-entropy", "matrix products", "fit step"):
        assert part in output


@pytest.mark.slow
def test_machine_states_benchmark_summarises_the_rates():
    output = _run("machine_states.py", "--epochs=3", "--sequences=128")
    assert output.count("sequences/s") >= 4
    assert "group" in output


@pytest.mark.slow
def test_plastic_trace_growth_prints_both_settings():
    output = _run("plastic_trace_growth.py", "--epochs=1")
    assert "trace_clip=None epoch 0" in output and "trace_clip=1.0 epoch 0" in output


@pytest.mark.slow
def test_iterator_teardown_times_both_settings():
    output = _run("iterator_teardown.py", "--epochs=2", "--sequences=128")
    assert "autotune on:" in output and "autotune off:" in output
    assert output.count("deletion") == 4 and output.count("deletions over 0.1 s") == 2


@pytest.mark.slow
def test_thread_settings_prints_every_setting():
    output = _run("thread_settings.py", "--rounds=1", "--repeats=1")
    for setting in ("default", "inter-op 1", "intra 1, inter 1", "oneDNN off"):
        assert setting in output


@pytest.mark.slow
def test_reinforce_rows_prints_every_method():
    output = _run("reinforce_rows.py", "--repeats=1", "--sequences=128")
    for method in ("SeqGAN", "MaliGAN", "RankGAN", "LeakGAN"):
        assert f"{method} epoch (composed)" in output
    assert "to floor" in output and "ceilings: fp32 matmul" in output
