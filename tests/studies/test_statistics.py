"""studies.statistics: mean ± std, paired differences, the best-row rule, gaps; by hand."""

import pytest

from tf_hebbgan.studies import statistics

KEYS = ("nll_oracle", "nll_test")


def test_mean_std_is_the_sample_std_and_zero_for_one_value():
    assert statistics.mean_std([1.0, 2.0, 3.0]) == (2.0, 1.0)
    assert statistics.mean_std([4.0]) == (4.0, 0.0)


def test_summarize_gives_each_metric_the_score_and_the_per_seed_values():
    runs = [{"nll_oracle": 9.0, "nll_test": 8.0}, {"nll_oracle": 9.2, "nll_test": 8.4}]
    summary = statistics.summarize(runs, KEYS)
    assert summary["nll_oracle"] == pytest.approx((9.1, 0.1414214))
    assert summary["nll_test"] == pytest.approx((8.2, 0.2828427))
    assert summary["quality_plus_diversity"] == pytest.approx(17.3)
    assert summary["per_seed"] == [[9.0, 8.0], [9.2, 8.4]]
    # A metric where higher is better counts negatively in the score.
    bleu = [{"bleu": 0.3, "self_bleu": 0.8}]
    score = statistics.summarize(bleu, ("bleu", "self_bleu"), (False, True))
    assert score["quality_plus_diversity"] == pytest.approx(0.5)


def test_differences_are_seed_by_seed_and_refuse_other_seeds():
    runs = [{"seed": 0, "x": 1.0}, {"seed": 1, "x": 3.0}]
    references = [{"seed": 0, "x": 0.5}, {"seed": 1, "x": 2.0}]
    result = statistics.differences(runs, references, ("x",))
    assert result["per_seed"] == [[0.5], [1.0]]
    assert result["x"] == pytest.approx((0.75, 0.3535534))
    with pytest.raises(ValueError, match="Cannot pair runs of seeds"):
        statistics.differences(runs, references[::-1], ("x",))


def test_best_row_skips_collapsed_rows_unless_all_are():
    def summary(oracle, test):
        return statistics.summarize([{"nll_oracle": oracle, "nll_test": test}], KEYS)

    summaries = {"collapsed": summary(5.4, 10.0), "a": summary(8.8, 9.1), "b": summary(8.9, 9.1)}
    assert statistics.best_row(summaries, "nll_oracle", floor=5.75) == "a"
    assert statistics.best_row(summaries, "nll_oracle", floor=None) == "collapsed"
    assert statistics.best_row({"collapsed": summaries["collapsed"]}, "nll_oracle", 5.75) == (
        "collapsed"
    )


def test_gap_at_equal_diversity_interpolates_mle_and_refuses_to_extrapolate():
    def curve(points):
        return [
            {"temperature": t, "nll_oracle": (o, 0.0), "nll_test": (n, 0.0)} for t, o, n in points
        ]

    curves = {
        "mle": curve([(0.8, 8.0, 10.0), (1.2, 9.0, 9.0)]),
        "seqgan": curve([(1.0, 8.25, 9.5), (1.2, 9.0, 8.5)]),
    }
    gaps = statistics.gap_at_equal_diversity(curves)["seqgan"]
    # At NLL-test 9.5 MLE's NLL-oracle is halfway between 8.0 and 9.0.
    assert gaps[0] == {"temperature": 1.0, "gap": pytest.approx(-0.25)}
    assert gaps[1] == {"temperature": 1.2, "gap": None}


def test_paired_gap_is_each_seed_against_its_own_start():
    def curve(points):
        return [
            {"temperature": t, "nll_oracle": (o, 0.0), "nll_test": (n, 0.0)} for t, o, n in points
        ]

    starts = [
        curve([(0.8, 8.0, 10.0), (1.2, 9.0, 9.0)]),
        curve([(0.8, 7.0, 10.0), (1.2, 8.0, 9.0)]),  # A start one nat better.
    ]
    rows = [
        curve([(1.0, 8.25, 9.5), (1.2, 9.0, 8.5)]),  # -0.25 against its start.
        curve([(1.0, 7.75, 9.5), (1.2, 8.0, 9.0)]),  # +0.25 against its own.
    ]
    gaps = statistics.paired_gap_at_equal_diversity(rows, starts)
    assert gaps[0]["temperature"] == 1.0
    assert gaps[0]["per_seed"] == [pytest.approx(-0.25), pytest.approx(0.25)]
    assert gaps[0]["gap"] == pytest.approx((0.0, 0.125**0.5))
    # Against the starts' mean curve (8.0 at NLL-test 9.5) they would read +0.25 and -0.25.
    assert gaps[1] == {"temperature": 1.2, "gap": None, "per_seed": [None, pytest.approx(0.0)]}
    with pytest.raises(ValueError, match="Cannot pair 2 seeds with 1"):
        statistics.paired_gap_at_equal_diversity(rows, starts[:1])


def test_first_epoch_below_skips_epochs_not_evaluated():
    assert statistics.first_epoch_below([2.4, None, 1.9, 1.4], 1.5) == 4
    assert statistics.first_epoch_below([2.4, float("nan"), 1.4], 1.5) == 3
    assert statistics.first_epoch_below([1.5, 1.6], 1.5) is None  # Below, not at.
    assert statistics.first_epoch_below([], 1.0) is None
