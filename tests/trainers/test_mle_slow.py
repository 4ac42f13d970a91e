"""MLE at the real shapes (vocabulary 5000, 10,000 oracle samples): a few epochs help. Slow."""

import csv

import pytest

from tf_hebbgan.config import apply_overrides, load_preset
from tf_hebbgan.trainers import experiment


@pytest.mark.slow
def test_short_mle_lowers_nll_oracle_and_keeps_nll_test_above_the_entropy(tmp_path):
    config = apply_overrides(load_preset("mle_oracle_short"), ["mle_epochs=6", "eval_every=5"])
    experiment.train(config, str(tmp_path), verbose=0)
    with open(tmp_path / "history.csv") as file:
        rows = [row for row in csv.DictReader(file) if row["nll_oracle"] != "NA"]
    first, last = float(rows[0]["nll_oracle"]), float(rows[-1]["nll_oracle"])
    assert last < first
    # A generator that keeps diversity cannot model held-out oracle data below its entropy.
    assert float(rows[-1]["nll_test"]) > 5.75
