"""training/results_table.py: row configs; the table and sweep end to end (tiny schedule)."""

import importlib.util
import json
import os
import shutil

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="module")
def results_table():
    spec = importlib.util.spec_from_file_location(
        "results_table", os.path.join(REPO, "training", "results_table.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_variant_fields_are_what_each_recipe_changes(results_table):
    assert results_table.variant_fields("seqgan_oracle") == {}
    assert results_table.variant_fields("hebbgan_highway") == {
        "discriminator_plasticity": "highway_stateful",
        "discriminator_dropout": 0.0,
    }
    assert results_table.variant_fields("seqgan_no_dropout") == {"discriminator_dropout": 0.0}
    assert results_table.variant_fields("seqgan_plastic_generator") == {
        "generator_plastic_rule": "hebb"
    }


def test_every_row_runs_the_schedule_from_its_pretrained_start(results_table, tmp_path):
    table = results_table.ResultsTable(str(tmp_path), ["4"], "seqgan_budget")
    budget = results_table.config_lib.load_preset("seqgan_budget")
    seqgan = table.row_config("seqgan", 4)
    assert seqgan.preset == "seqgan_budget" and seqgan.seed == 4
    assert seqgan.pretrained_workdir == ""
    assert table.row_workdir("seqgan", 4) == str(tmp_path / "seqgan_budget" / "seed_4")
    highway = table.row_config("hebbgan_highway", 4)
    for field in ("adversarial_epochs", "discriminator_epochs", "discriminator_steps"):
        assert getattr(highway, field) == getattr(budget, field)
    assert highway.discriminator_plasticity == "highway_stateful"
    assert highway.pretrained_workdir == table.row_workdir("seqgan", 4)
    control = table.row_config("seqgan_no_dropout", 4)
    assert control.discriminator_dropout == 0.0 and control.discriminator_plasticity == ""
    assert control.adversarial_epochs == budget.adversarial_epochs
    assert control.pretrained_workdir == table.row_workdir("seqgan", 4)
    with pytest.raises(ValueError, match="HebbGAN rows first"):
        table.row_config("best_hebbgan_moments", 4)
    # Best = lowest NLL-oracle + NLL-test among rows that did not collapse below the
    # oracle's own entropy rate (the first has the lowest sum, but it collapsed).
    for row, (oracle, test) in {
        "hebbgan_output_sequence": (5.4, 10.0),
        "hebbgan_output_stateful": (8.8, 9.1),
        "hebbgan_highway": (8.9, 9.1),
    }.items():
        _fake_run(table, row, 4, oracle, test)
    assert table.best_hebbgan() == "hebbgan_output_stateful"
    moments = table.row_config("best_hebbgan_moments", 4)
    assert moments.moment_weight == 0.1
    assert moments.discriminator_plasticity == "output_stateful"
    plastic = table.row_config("best_hebbgan_plastic_generator", 4)
    assert plastic.generator_plastic_rule == "hebb"
    assert plastic.pretrained_workdir == table.row_workdir("seqgan_plastic_generator", 4)


def _fake_run(table, row, seed, oracle, test, config=None):
    """A finished run of `row` in the table's workdir, as `experiment.train` leaves one."""
    workdir = table.row_workdir(row, seed)
    os.makedirs(workdir, exist_ok=True)
    run = {"seed": seed, "nll_oracle": oracle, "nll_test": test, "oracle_nll_test": 5.75}
    run.update(mle_nll_oracle=9.0, mle_nll_test=9.0)
    with open(os.path.join(workdir, "results.json"), "w") as file:
        json.dump(run, file)
    if config is None and row in ("best_hebbgan_moments", "best_hebbgan_plastic_generator"):
        config = table.row_config(row, seed).to_dict()
    with open(os.path.join(workdir, "config.json"), "w") as file:
        json.dump(config or {}, file)


def test_best_hebbgan_is_chosen_over_the_selection_seeds_whatever_seeds_run(
    results_table, tmp_path, capsys
):
    # Seed 0 alone would crown the highway row; seeds 0 and 1 together, the stateful one.
    table = results_table.ResultsTable(
        str(tmp_path), ["0"], "seqgan_budget", selection_seeds=["0", "1"]
    )
    figures = {
        "hebbgan_output_sequence": ((8.9, 9.2), (8.9, 9.2)),
        "hebbgan_output_stateful": ((8.82, 9.1), (8.80, 9.1)),
        "hebbgan_highway": ((8.80, 9.1), (8.90, 9.1)),
    }
    for row, per_seed in figures.items():
        _fake_run(table, row, 0, *per_seed[0])
        if row != "hebbgan_highway":
            _fake_run(table, row, 1, *per_seed[1])
    # Until every HebbGAN row has every selection seed, the rule does not choose.
    with pytest.raises(ValueError, match="missing: hebbgan_highway seed 1"):
        table.best_hebbgan()
    # A named row runs the best rows before then, provisionally...
    named = results_table.ResultsTable(
        str(tmp_path),
        ["0"],
        "seqgan_budget",
        selection_seeds=["0", "1"],
        best_hebbgan="hebbgan_output_stateful",
    )
    assert named.best_hebbgan() == "hebbgan_output_stateful"
    _fake_run(named, "best_hebbgan_moments", 0, 8.7, 9.0)
    named.read("best_hebbgan_moments")
    named.results.update({row: [{"nll_oracle": 8.8, "nll_test": 9.1}] for row in figures})
    assert "best HebbGAN + moment matching (hebbgan_output_stateful, provisional)" in (
        named.markdown()
    )
    # ... and once the rule can choose, it chooses over both seeds, for a table of seed 0.
    _fake_run(table, "hebbgan_highway", 1, *figures["hebbgan_highway"][1])
    assert table.best_hebbgan() == "hebbgan_output_stateful"
    table.read("best_hebbgan_moments")
    table.results.update(named.results)
    assert "moment matching (hebbgan_output_stateful) |" in table.markdown()
    # A name that the rule contradicts, or that is no HebbGAN row, is refused.
    with pytest.raises(ValueError, match="the best HebbGAN is hebbgan_output_stateful"):
        results_table.ResultsTable(
            str(tmp_path),
            ["0"],
            "seqgan_budget",
            selection_seeds=["0", "1"],
            best_hebbgan="hebbgan_highway",
        ).best_hebbgan()
    with pytest.raises(ValueError, match="not a HebbGAN row"):
        results_table.ResultsTable(str(tmp_path), ["0"], "seqgan_budget", best_hebbgan="seqgan")
    # Runs of a "best" row made on another row than the rule's are left out, with a warning.
    highway = results_table.config_lib.load_preset("hebbgan_highway").to_dict()
    _fake_run(table, "best_hebbgan_plastic_generator", 0, 8.7, 9.0, config=highway)
    table.read("best_hebbgan_plastic_generator")
    assert "best_hebbgan_plastic_generator" not in table.results
    assert "left out: its runs were made on ['hebbgan_highway']" in capsys.readouterr().out


def _parse_tiny(results_table, workdir, record_dir, *flags):
    """Parses the script's flags for seed 0 of the tiny schedule, plus `flags`."""
    results_table.FLAGS(
        [
            "results_table",
            f"--workdir={workdir}",
            f"--record_dir={record_dir}",
            "--seeds=0",
            "--schedule=seqgan_tiny",
            *flags,
        ]
    )


def test_table_and_sweep_end_to_end_on_the_tiny_schedule(results_table, tmp_path):
    workdir = str(tmp_path)
    record_dir = tmp_path / "record"
    _parse_tiny(
        results_table,
        workdir,
        record_dir,
        "--rows=random,mle,seqgan,hebbgan_output_stateful",
        "--sweep_rows=seqgan,hebbgan_output_stateful",
        "--temperatures=0.8,1.0",
        "--oracle_temperatures=0.5,1.0",
    )
    results_table.main([])
    report = json.load(open(os.path.join(workdir, "results_table.json")))
    assert set(report["rows"]) == {"random", "mle", "seqgan", "hebbgan_output_stateful"}
    # The MLE row is the start of the SeqGAN row's adversarial phase, read from its run.
    seqgan_run = json.load(open(tmp_path / "seqgan_tiny" / "seed_0" / "results.json"))
    assert report["rows"]["mle"]["per_seed"] == [
        [seqgan_run["mle_nll_oracle"], seqgan_run["mle_nll_test"]]
    ]
    hebbgan_config = json.load(
        open(tmp_path / "hebbgan_output_stateful" / "seed_0" / "config.json")
    )
    assert hebbgan_config["discriminator_plasticity"] == "output_stateful"
    assert hebbgan_config["adversarial_epochs"] == seqgan_run["adversarial_epochs"]
    # The random generator is far worse than MLE on both measures.
    random_row, mle_row = report["rows"]["random"], report["rows"]["mle"]
    assert random_row["nll_test"][0] > mle_row["nll_test"][0]
    # Sweep: a curve for MLE and one for each row asked for; at T = 1 its NLL-test is the
    # row's own (a near-random tiny generator need not get better when cooled, so the effect
    # of cooling is checked on the oracle below).
    sweep = report["sweep"]
    assert set(sweep) == {"mle", "seqgan", "hebbgan_output_stateful"}
    for row, points in sweep.items():
        assert [point["temperature"] for point in points] == [0.8, 1.0]
        own = report["rows"][row]["nll_test"][0]
        assert points[1]["nll_test"][0] == pytest.approx(own, rel=1e-4)
        assert points[0]["nll_test"][0] != pytest.approx(own, rel=1e-4)
    assert set(report["gap_at_equal_diversity"]) == set(sweep) - {"mle"}
    # The oracle at T = 1 scores its own entropy rate on both measures; cooled, it goes below
    # it on NLL-oracle and above it on NLL-test.
    cold, plain = report["oracle_reference"]
    assert [cold["temperature"], plain["temperature"]] == [0.5, 1.0]
    assert plain["nll_oracle"][0] == pytest.approx(plain["nll_test"][0], abs=0.3)
    assert cold["nll_oracle"][0] < plain["nll_oracle"][0] < plain["nll_test"][0] + 0.3
    assert cold["nll_test"][0] > plain["nll_test"][0]
    markdown = open(os.path.join(workdir, "results_table.md")).read()
    assert "| SeqGAN |" in markdown and "HebbGAN output / stateful trace" in markdown
    # A report with a sweep is recorded beside the runs.
    recorded_report = record_dir / "seqgan_tiny" / "results_table.json"
    assert json.load(open(recorded_report)) == report
    assert (record_dir / "seqgan_tiny" / "results_table.md").read_text() == markdown
    # A second call reads every finished run back instead of training again.
    mtime = os.path.getmtime(tmp_path / "seqgan_tiny" / "seed_0" / "results.json")
    results_table.main([])
    assert os.path.getmtime(tmp_path / "seqgan_tiny" / "seed_0" / "results.json") == mtime
    # Every finished run was recorded, SeqGAN under its row's name.
    for row in ("random", "seqgan", "hebbgan_output_stateful"):
        record = record_dir / "seqgan_tiny" / row / "seed_0"
        assert json.load(open(record / "results.json")) == json.load(
            open(tmp_path / ("seqgan_tiny" if row == "seqgan" else row) / "seed_0" / "results.json")
        )
    seqgan_record = record_dir / "seqgan_tiny" / "seqgan" / "seed_0"
    for name in ("history.csv", "tensorboard/adversarial", "tensorboard/train"):
        assert (seqgan_record / name).exists()
    # The row that pretrains keeps its MLE generator in the record; the rows that start from
    # it do not keep copies.
    assert (seqgan_record / "generator_mle.keras").exists()
    assert not (
        record_dir / "seqgan_tiny" / "hebbgan_output_stateful" / "seed_0" / "generator_mle.keras"
    ).exists()
    # The machine is lost: a new row starts from the recorded MLE generator, not a retrained
    # one, and the finished SeqGAN row is read from its record, not run again.
    mle = (tmp_path / "seqgan_tiny" / "seed_0" / "generator_mle.keras").read_bytes()
    for name in ("seqgan_tiny", "hebbgan_output_stateful", "random"):
        shutil.rmtree(tmp_path / name)
    _parse_tiny(results_table, workdir, record_dir, "--rows=seqgan_no_dropout", "--nosweep")
    results_table.main([])
    assert (tmp_path / "seqgan_tiny" / "seed_0" / "generator_mle.keras").read_bytes() == mle
    assert not (tmp_path / "seqgan_tiny" / "seed_0" / "results.json").exists()
    control_run = json.load(open(tmp_path / "seqgan_no_dropout" / "seed_0" / "results.json"))
    assert control_run["mle_nll_oracle"] == seqgan_run["mle_nll_oracle"]
    report = json.load(open(os.path.join(workdir, "results_table.json")))
    assert set(report["rows"]) == {
        "random",
        "mle",
        "seqgan",
        "seqgan_no_dropout",
        "hebbgan_output_stateful",
    }
    # With the control done, the rows on its start are compared with it seed by seed.
    assert set(report["paired"]["minus_control"]) == {"seqgan", "hebbgan_output_stateful"}
    assert "minus the control" in open(os.path.join(workdir, "results_table.md")).read()
    # That --nosweep report did not replace the recorded one, which has the sweep.
    assert "sweep" in json.load(open(recorded_report)) and "sweep" not in report
    results_table.FLAGS.unparse_flags()  # Later tests parse their own flags from defaults.


def test_rows_whose_workdirs_are_lost_are_read_from_their_record(results_table, tmp_path, capsys):
    record_dir = str(tmp_path / "record")
    table = results_table.ResultsTable(
        str(tmp_path / "work"), ["0", "1"], "seqgan_tiny", record_dir
    )
    for seed, (oracle, test) in enumerate(((9.0, 9.2), (9.2, 9.4))):
        workdir = table.row_workdir("seqgan", seed)
        os.makedirs(workdir)
        run = {"nll_oracle": oracle, "nll_test": test, "mle_nll_oracle": 9.5, "mle_nll_test": 9.1}
        with open(os.path.join(workdir, "results.json"), "w") as file:
            json.dump(run, file)
        with open(os.path.join(workdir, "config.json"), "w") as file:
            file.write("{}")
    table.read("seqgan")  # Reading a finished run records it.
    assert table.summary("seqgan")["nll_oracle"] == (
        pytest.approx(9.1),
        pytest.approx(0.1414, 1e-3),
    )
    for seed in (0, 1):
        assert os.path.exists(os.path.join(table.record_path("seqgan", seed), "config.json"))
    # The machine and its workdirs are gone: the SeqGAN and MLE rows come from the record.
    lost = results_table.ResultsTable(
        str(tmp_path / "elsewhere"), ["0", "1"], "seqgan_tiny", record_dir
    )
    lost.run_rows(())
    assert lost.summary("seqgan") == table.summary("seqgan")
    assert lost.summary("mle")["per_seed"] == [[9.5, 9.1], [9.5, 9.1]]
    # A rerun that ends elsewhere replaces the record (git keeps the old one) and says so.
    rerun = {"nll_oracle": 9.05, "nll_test": 9.2, "mle_nll_oracle": 9.5, "mle_nll_test": 9.1}
    with open(os.path.join(table.row_workdir("seqgan", 0), "results.json"), "w") as file:
        json.dump(rerun, file)
    table.read("seqgan")
    assert "nll_oracle 9.0 -> 9.05" in capsys.readouterr().out
    assert lost.read("seqgan") is None and lost.results["seqgan"][0] == rerun
    # Without a record nothing is found, and a row missing one seed is left out.
    assert "seqgan" not in _read(results_table, str(tmp_path / "elsewhere"), "", ["0", "1"])
    assert "seqgan" not in _read(
        results_table, str(tmp_path / "work"), table.record_dir, ["0", "2"]
    )
    # A finished run is recorded when read even while its row lacks a seed.
    _fake_run(table, "seqgan_no_dropout", 0, 8.9, 9.1)
    table.read("seqgan_no_dropout")
    assert "seqgan_no_dropout" not in table.results
    assert os.path.exists(os.path.join(table.record_path("seqgan_no_dropout", 0), "results.json"))


def _read(results_table, workdir, record_dir, seeds):
    table = results_table.ResultsTable(workdir, seeds, "seqgan_tiny", record_dir)
    table.read("seqgan")
    return table.results


def test_plot(results_table, tmp_path):
    pytest.importorskip("matplotlib")
    curves = {
        "mle": [
            {"temperature": t, "nll_oracle": (o, 0.0), "nll_test": (n, 0.0)}
            for t, o, n in ((0.8, 8.0, 9.5), (1.0, 9.0, 9.0))
        ]
    }
    path = tmp_path / "sweep.png"
    results_table.plot_sweep(curves, str(path), 5.75)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_sweep_takes_the_best_row_or_the_rows_asked_for(results_table, tmp_path, monkeypatch):
    table = results_table.ResultsTable(str(tmp_path), [0], "seqgan_budget")
    run = {"nll_oracle": 8.8, "nll_test": 9.1, "oracle_nll_test": 5.75}
    table.results = {
        "mle": [{"nll_oracle": 9.0, "nll_test": 9.0}],
        "seqgan": [dict(run, nll_oracle=8.9)],
        "hebbgan_highway": [run],
    }
    swept = []
    monkeypatch.setattr(table, "_curve", lambda row, temperatures, load: swept.append(row))
    table.sweep([1.0])
    assert swept == ["mle", "hebbgan_highway"]  # The best: the lowest NLL-oracle + NLL-test.
    swept.clear()
    table.sweep([1.0], ["seqgan", "hebbgan_highway"])
    assert swept == ["mle", "seqgan", "hebbgan_highway"]
    with pytest.raises(ValueError, match="Cannot sweep hebbgan_output_sequence: not a finished"):
        table.sweep([1.0], ["hebbgan_output_sequence"])


def test_paired_differences_are_seed_by_seed(results_table, tmp_path):
    def run(seed, oracle, test, mle=(9.0, 9.0)):
        return {
            "seed": seed,
            "nll_oracle": oracle,
            "nll_test": test,
            "mle_nll_oracle": mle[0],
            "mle_nll_test": mle[1],
        }

    table = results_table.ResultsTable(str(tmp_path), [0, 1], "seqgan_budget")
    table.results = {
        "random": [run(0, 11.0, 8.5), run(1, 11.0, 8.5)],
        "mle": [{"nll_oracle": 9.0, "nll_test": 9.0}] * 2,
        "seqgan": [run(0, 8.8, 9.1), run(1, 8.9, 9.2, mle=(9.1, 9.1))],
        "seqgan_no_dropout": [run(0, 8.7, 9.1), run(1, 8.9, 9.0, mle=(9.1, 9.1))],
        "seqgan_plastic_generator": [run(0, 8.6, 9.3, mle=(8.9, 9.2)), run(1, 8.6, 9.3)],
    }
    pairs = table.paired()
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
    text = table.paired_markdown()
    assert "| SeqGAN | -0.200 ± 0.000 / +0.100 ± 0.000 | +0.050 ± 0.071 / +0.100 ± 0.141 |" in text
    assert "| SeqGAN + plastic generator |" in text and text.count("| – |") == 2
    assert "minus the row it adds to" not in text
    # A "best HebbGAN" row is also paired with the row it adds one thing to.
    table.results["hebbgan_output_stateful"] = [run(0, 8.7, 9.0), run(1, 8.8, 9.1)]
    table.results["best_hebbgan_moments"] = [run(0, 8.8, 9.0), run(1, 8.8, 9.0)]
    table.results["best_hebbgan_plastic_generator"] = [run(0, 8.5, 9.3), run(1, 8.7, 9.3)]
    table.best_variants["best_hebbgan_moments"] = "hebbgan_output_stateful"
    pairs = table.paired()
    moments = pairs["minus_base"]["best_hebbgan_moments"]
    assert moments["base"] == "hebbgan_output_stateful"
    assert sum(moments["per_seed"], []) == pytest.approx([0.1, 0.0, 0.0, -0.1])
    plastic = pairs["minus_base"]["best_hebbgan_plastic_generator"]
    assert plastic["base"] == "seqgan_plastic_generator"
    assert plastic["nll_oracle"] == pytest.approx((0.0, 0.1414214), rel=1e-4)
    text = table.paired_markdown()
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
        table.paired()


def test_gap_at_equal_diversity_interpolates_mle_and_refuses_to_extrapolate(results_table):
    def curve(points):
        return [
            {"temperature": t, "nll_oracle": (o, 0.0), "nll_test": (n, 0.0)} for t, o, n in points
        ]

    curves = {
        "mle": curve([(0.8, 8.0, 10.0), (1.2, 9.0, 9.0)]),
        "seqgan": curve([(1.0, 8.25, 9.5), (1.2, 9.0, 8.5)]),
    }
    gaps = results_table.gap_at_equal_diversity(curves)["seqgan"]
    # At NLL-test 9.5 MLE's NLL-oracle is halfway between 8.0 and 9.0.
    assert gaps[0] == {"temperature": 1.0, "gap": pytest.approx(-0.25)}
    assert gaps[1] == {"temperature": 1.2, "gap": None}


def test_replot_redraws_from_the_report_and_names_what_is_missing(results_table, tmp_path):
    pytest.importorskip("matplotlib")
    from absl import app

    path, record_dir = tmp_path / "again.png", tmp_path / "record"
    workdir = tmp_path / "runs"
    workdir.mkdir()
    results_table.FLAGS(
        [
            "results_table",
            f"--workdir={workdir}",
            f"--record_dir={record_dir}",
            "--replot",
            f"--plot={path}",
        ]
    )
    try:
        with pytest.raises(app.UsageError, match="results_table.json"):
            results_table.main([])
        point = {"temperature": 1.0, "nll_oracle": (9.0, 0.1), "nll_test": (9.0, 0.1)}
        report = {"rows": {}}
        (workdir / "results_table.json").write_text(json.dumps(report))
        with pytest.raises(app.UsageError, match="no sweep"):
            results_table.main([])
        # A report without a sweep in the workdir (a --nosweep run): the record's sweep.
        recorded = dict(report, sweep={"mle": [point], "seqgan": [point]}, oracle_entropy=5.75)
        (record_dir / "seqgan_budget").mkdir(parents=True)
        (record_dir / "seqgan_budget" / "results_table.json").write_text(json.dumps(recorded))
        results_table.main([])
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        path.unlink()
        (workdir / "results_table.json").write_text(json.dumps(recorded))
        results_table.main([])
        assert path.exists()
    finally:
        results_table.FLAGS.unparse_flags()  # Later tests parse their own flags from defaults.


def test_an_unfinished_start_is_recorded_and_restored(results_table, tmp_path):
    record_dir = str(tmp_path / "record")
    table = results_table.ResultsTable(str(tmp_path / "work"), ["0"], "seqgan_tiny", record_dir)
    workdir = table.row_workdir("seqgan_plastic_generator", 0)
    os.makedirs(workdir)
    files = {"config.json": b"{}", "generator_mle.keras": b"weights", "history.csv": b"1,2"}
    for name, content in files.items():
        with open(os.path.join(workdir, name), "wb") as file:
            file.write(content)
    table.run_rows(())  # MLE is not finished: nothing to record yet.
    assert not os.path.exists(table.record_path("seqgan_plastic_generator", 0))
    with open(os.path.join(workdir, "mle_results.json"), "w") as file:
        json.dump({"nll_oracle": 9.0, "nll_test": 9.1}, file)
    table.run_rows(())  # MLE is done, the adversarial phase is not: the start is recorded.
    record = table.record_path("seqgan_plastic_generator", 0)
    assert sorted(os.listdir(record)) == ["config.json", "generator_mle.keras", "mle_results.json"]
    assert "seqgan_plastic_generator" not in table.results  # Not finished, not in the table.
    # On a new machine the dependent row's start comes back from the record, byte for byte.
    lost = results_table.ResultsTable(str(tmp_path / "new"), ["0"], "seqgan_tiny", record_dir)
    lost.pretraining("seqgan_plastic_generator", 0)
    restored = lost.row_workdir("seqgan_plastic_generator", 0)
    assert sorted(os.listdir(restored)) == sorted(os.listdir(record))
    with open(os.path.join(restored, "generator_mle.keras"), "rb") as file:
        assert file.read() == b"weights"


def test_the_random_row_is_the_seeds_own_untrained_generator(results_table, tmp_path):
    scores = []
    for name in ("a", "b"):  # The second draw follows the first in one process.
        table = results_table.ResultsTable(str(tmp_path / name), ["1"], "seqgan_tiny")
        scores.append(table.run("random", 1))
    assert scores[0] == scores[1]
    other = results_table.ResultsTable(str(tmp_path / "c"), ["2"], "seqgan_tiny").run("random", 2)
    assert other["nll_oracle"] != scores[0]["nll_oracle"]
