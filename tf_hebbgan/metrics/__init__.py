"""Metrics: NLL-oracle and NLL-test."""

from tf_hebbgan.metrics.nll import nll_oracle, nll_test

__all__ = ["nll_oracle", "nll_test"]
