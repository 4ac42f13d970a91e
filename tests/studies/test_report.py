"""studies.report and studies.sweep: paired tables, the rows a sweep takes, the plot."""

import pytest

from tf_hebbgan.studies import HEBBGAN_ORACLE, StudyTable, report, sweep


def test_paired_differences_are_seed_by_seed(tmp_path):
    def run(seed, oracle, test, mle=(9.0, 9.0)):
        return {
            "seed": seed,
            "nll_oracle": oracle,
            "nll_test": test,
            "mle_nll_oracle": mle[0],
            "mle_nll_test": mle[1],
        }

    table = StudyTable(HEBBGAN_ORACLE, str(tmp_path), [0, 1], "seqgan_budget")
    table.results = {
        "random": [run(0, 11.0, 8.5), run(1, 11.0, 8.5)],
        "mle": [{"nll_oracle": 9.0, "nll_test": 9.0}] * 2,
        "seqgan": [run(0, 8.8, 9.1), run(1, 8.9, 9.2, mle=(9.1, 9.1))],
        "seqgan_no_dropout": [run(0, 8.7, 9.1), run(1, 8.9, 9.0, mle=(9.1, 9.1))],
        "seqgan_plastic_generator": [run(0, 8.6, 9.3, mle=(8.9, 9.2)), run(1, 8.6, 9.3)],
    }
    pairs = report.paired(table)
    # Each row against its own start: seed 1's SeqGAN started at 9.1.
    seqgan = pairs["from_start"]["seqgan"]
    assert [value for pair in seqgan["per_seed"] for value in pair] == pytest.approx(
        [-0.2, 0.1, -0.2, 0.1]
    )
    assert seqgan["nll_oracle"] == pytest.approx((-0.2, 0.0))
    assert set(pairs["from_start"]) == {"seqgan", "seqgan_no_dropout", "seqgan_plastic_generator"}
    assert pairs["minus_base"] == {}
    # Against the control only the rows on the plain start: a mean of the per-seed
    # differences (0.1 and 0.0 on NLL-oracle), with their std.
    assert set(pairs["minus_control"]) == {"seqgan"}
    control = pairs["minus_control"]["seqgan"]
    assert control["nll_oracle"] == pytest.approx((0.05, 0.0707107), rel=1e-4)
    assert control["nll_test"] == pytest.approx((0.1, 0.1414214), rel=1e-4)
    text = report.paired_markdown(table)
    assert "| SeqGAN | -0.200 ± 0.000 / +0.100 ± 0.000 | +0.050 ± 0.071 / +0.100 ± 0.141 |" in text
    assert "| SeqGAN + plastic generator |" in text and text.count("| – |") == 2
    assert "minus the row it adds to" not in text
    # A "best HebbGAN" row is also paired with the row it adds one thing to.
    table.results["hebbgan_output_stateful"] = [run(0, 8.7, 9.0), run(1, 8.8, 9.1)]
    table.results["best_hebbgan_moments"] = [run(0, 8.8, 9.0), run(1, 8.8, 9.0)]
    table.results["best_hebbgan_plastic_generator"] = [run(0, 8.5, 9.3), run(1, 8.7, 9.3)]
    table.best_variants["best_hebbgan_moments"] = "hebbgan_output_stateful"
    pairs = report.paired(table)
    moments = pairs["minus_base"]["best_hebbgan_moments"]
    assert moments["base"] == "hebbgan_output_stateful"
    assert sum(moments["per_seed"], []) == pytest.approx([0.1, 0.0, 0.0, -0.1])
    plastic = pairs["minus_base"]["best_hebbgan_plastic_generator"]
    assert plastic["base"] == "seqgan_plastic_generator"
    assert plastic["nll_oracle"] == pytest.approx((0.0, 0.1414214), rel=1e-4)
    text = report.paired_markdown(table)
    assert (
        "| best HebbGAN + moment matching | -0.200 ± 0.000 / +0.000 ± 0.000 "
        "| +0.000 ± 0.141 / -0.050 ± 0.071 | +0.050 ± 0.071 / -0.050 ± 0.071 "
        "(HebbGAN output / stateful trace) |" in text
    )
    assert "| SeqGAN | -0.200 ± 0.000 / +0.100 ± 0.000 | +0.050 ± 0.071 / +0.100 ± 0.141 | – |" in (
        text
    )
    # Runs of other seeds are not paired.
    table.results["seqgan_no_dropout"] = [run(1, 8.7, 9.1), run(0, 8.9, 9.0)]
    with pytest.raises(ValueError, match="Cannot pair"):
        report.paired(table)


def test_one_seed_prints_its_values_without_a_spread(tmp_path):
    # The paper schedule's runs are one seed: a "± 0.000" would claim a spread of none.
    run = {"seed": 0, "nll_oracle": 8.9, "nll_test": 9.0, "mle_nll_oracle": 9.0}
    table = StudyTable(HEBBGAN_ORACLE, str(tmp_path), [0], "seqgan_oracle")
    table.results = {"seqgan": [dict(run, mle_nll_test=9.1)]}
    text = report.text(table)
    assert "| SeqGAN | 8.900 | 9.000 |" in text
    assert "| SeqGAN | -0.100 / -0.100 | – |" in text
    assert "±" not in text


def test_sweep_takes_the_best_row_or_the_rows_asked_for(tmp_path, monkeypatch):
    table = StudyTable(HEBBGAN_ORACLE, str(tmp_path), [0], "seqgan_budget")
    run = {"nll_oracle": 8.8, "nll_test": 9.1, "oracle_nll_test": 5.75}
    table.results = {
        "mle": [{"nll_oracle": 9.0, "nll_test": 9.0}],
        "seqgan": [dict(run, nll_oracle=8.9)],
        "hebbgan_highway": [run],
    }
    swept = []
    monkeypatch.setattr(sweep, "curve", lambda name, *args: swept.append(name))
    sweep.sweep(table, [1.0])
    assert swept == ["mle", "hebbgan_highway"]  # The best: the lowest NLL-oracle + NLL-test.
    swept.clear()
    sweep.sweep(table, [1.0], ["seqgan", "hebbgan_highway"])
    assert swept == ["mle", "seqgan", "hebbgan_highway"]
    with pytest.raises(ValueError, match="Cannot sweep hebbgan_output_sequence: not a finished"):
        sweep.sweep(table, [1.0], ["hebbgan_output_sequence"])


def test_mle_alone_gets_the_further_temperatures(tmp_path, monkeypatch):
    table = StudyTable(HEBBGAN_ORACLE, str(tmp_path), [0], "seqgan_budget")
    run = {"nll_oracle": 8.8, "nll_test": 9.1, "oracle_nll_test": 5.75}
    table.results = {"mle": [{"nll_oracle": 9.0, "nll_test": 9.0}], "seqgan": [run]}
    swept = {}
    monkeypatch.setattr(
        sweep, "curve", lambda name, seeds, temperatures, *args: swept.update({name: temperatures})
    )
    sweep.sweep(table, [0.8, 1.0], ["seqgan"], mle_temperatures=[0.4, 0.8])
    assert swept == {"mle": [0.4, 0.8, 1.0], "seqgan": [0.8, 1.0]}


def test_a_curve_leaves_out_the_metrics_its_scorer_does_not_give(capsys):
    import json

    # Real captions, the text study's reference, have BLEU but no NLL-test.
    def scorer(generator, config, seed):
        return lambda temperature: {"bleu_5": 0.2 + seed / 10 + temperature / 100}

    points = sweep.curve("reference", [0, 1], [1.0], lambda seed: (None, None), scorer, KEYS)
    assert set(points[0]) == {"temperature", "bleu_5"}
    assert points[0]["bleu_5"] == pytest.approx((0.26, 0.0707107), rel=1e-5)
    json.dumps(points, allow_nan=False)  # Strict JSON: no NaN for the missing metric.
    assert "sweep reference" in capsys.readouterr().out


KEYS = ("bleu_5", "nll_test")


def test_plot(tmp_path):
    pytest.importorskip("matplotlib")
    curves = {
        "mle": [
            {"temperature": t, "nll_oracle": (o, 0.0), "nll_test": (n, 0.0)}
            for t, o, n in ((0.8, 8.0, 9.5), (1.0, 9.0, 9.0))
        ]
    }
    path = tmp_path / "sweep.png"
    sweep.plot_sweep(curves, str(path), HEBBGAN_ORACLE, 5.75)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
