"""The ceiling measurements of the benchmarks, at tiny shapes: they run and count FLOPs."""

import os
import sys

import pytest
import tensorflow as tf

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks"))

import ceilings  # noqa: E402


@pytest.mark.parametrize("dtype", [tf.float32, tf.bfloat16])
def test_discriminator_products_at_their_shapes_give_a_rate(dtype, monkeypatch):
    monkeypatch.setattr(ceilings, "typical_time", lambda fn, repeats: (fn(), 0.5)[1])
    rate = ceilings.discriminator_gflops(2, 6, 4, (1, 3), (2, 3), repeats=1, dtype=dtype)
    # Forward FLOPs: convolutions 2 * batch 2 * (6 positions * width 1 * 4 channels * 2
    # filters + 4 * 3 * 4 * 3) = 768, the highway's two products 2 * 2 * 2 * 5 * 5 = 200;
    # forward and backward, 3x; in 0.5 s.
    assert rate == pytest.approx(3 * (768 + 200) / 0.5 / 1e9)


def test_the_statistic_summarises_the_repeats(monkeypatch):
    times = iter([5.0, 1.0, 3.0, 2.0, 9.0, 4.0])  # Two calls of timings, 3 repeats each.
    monkeypatch.setattr(ceilings, "timings", lambda fn, repeats: [next(times) for _ in range(3)])
    try:
        assert ceilings.typical_time(None, 3) == 3.0  # The median by default.
        ceilings.use_statistic("fastest")
        assert ceilings.typical_time(None, 3) == 2.0
    finally:
        ceilings.use_statistic("median")
