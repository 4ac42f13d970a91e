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
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for row in (
        "ceiling",
        "MLE epoch",
        "sample 10,000",
        "rollout rewards",
        "discriminator",
        "adversarial epoch",
    ):
        assert row in result.stdout
