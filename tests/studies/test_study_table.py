"""StudyTable: row configs, the best-candidate rule, the run record, starts, the untrained row."""

import json
import os

import pytest

from tf_hebbgan import config as config_lib
from tf_hebbgan.studies import HEBBGAN_ORACLE, StudyTable, report


def test_variant_fields_are_what_each_recipe_changes():
    assert HEBBGAN_ORACLE.variant_fields("seqgan_oracle") == {}
    assert HEBBGAN_ORACLE.variant_fields("hebbgan_highway") == {
        "discriminator_plasticity": "highway_stateful",
        "discriminator_dropout": 0.0,
    }
    assert HEBBGAN_ORACLE.variant_fields("seqgan_no_dropout") == {"discriminator_dropout": 0.0}
    assert HEBBGAN_ORACLE.variant_fields("seqgan_plastic_generator") == {
        "generator_plastic_rule": "hebb"
    }


def test_every_row_runs_the_schedule_from_its_pretrained_start(tmp_path):
    table = StudyTable(HEBBGAN_ORACLE, str(tmp_path), ["4"], "seqgan_budget")
    budget = config_lib.load_preset("seqgan_budget")
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
    assert table.best_candidate() == "hebbgan_output_stateful"
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


def _seed_0_table(tmp_path, best=""):
    """A table of seed 0 whose best candidate is chosen over seeds 0 and 1."""
    return StudyTable(
        HEBBGAN_ORACLE, str(tmp_path), ["0"], "seqgan_budget", selection_seeds=["0", "1"], best=best
    )


def test_best_hebbgan_is_chosen_over_the_selection_seeds_whatever_seeds_run(tmp_path, capsys):
    # Seed 0 alone would crown the highway row; seeds 0 and 1 together, the stateful one.
    table = _seed_0_table(tmp_path)
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
        table.best_candidate()
    # A named row runs the best rows before then, provisionally...
    named = _seed_0_table(tmp_path, best="hebbgan_output_stateful")
    assert named.best_candidate() == "hebbgan_output_stateful"
    _fake_run(named, "best_hebbgan_moments", 0, 8.7, 9.0)
    named.read("best_hebbgan_moments")
    named.results.update({row: [{"nll_oracle": 8.8, "nll_test": 9.1}] for row in figures})
    assert "best HebbGAN + moment matching (hebbgan_output_stateful, provisional)" in (
        report.markdown(named)
    )
    # ... and once the rule can choose, it chooses over both seeds, for a table of seed 0.
    _fake_run(table, "hebbgan_highway", 1, *figures["hebbgan_highway"][1])
    assert table.best_candidate() == "hebbgan_output_stateful"
    table.read("best_hebbgan_moments")
    table.results.update(named.results)
    assert "moment matching (hebbgan_output_stateful) |" in report.markdown(table)
    # A name that the rule contradicts, or that is no HebbGAN row, is refused.
    with pytest.raises(ValueError, match="the best HebbGAN is hebbgan_output_stateful"):
        _seed_0_table(tmp_path, best="hebbgan_highway").best_candidate()
    with pytest.raises(ValueError, match="not a candidate row"):
        StudyTable(HEBBGAN_ORACLE, str(tmp_path), ["0"], "seqgan_budget", best="seqgan")
    # Runs of a "best" row made on another row than the rule's are left out, with a warning.
    highway = config_lib.load_preset("hebbgan_highway").to_dict()
    _fake_run(table, "best_hebbgan_plastic_generator", 0, 8.7, 9.0, config=highway)
    table.read("best_hebbgan_plastic_generator")
    assert "best_hebbgan_plastic_generator" not in table.results
    assert "left out: its runs were made on ['hebbgan_highway']" in capsys.readouterr().out


def test_rows_whose_workdirs_are_lost_are_read_from_their_record(tmp_path, capsys):
    record_dir = str(tmp_path / "record")
    table = StudyTable(
        HEBBGAN_ORACLE, str(tmp_path / "work"), ["0", "1"], "seqgan_tiny", record_dir
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
        assert os.path.exists(os.path.join(table.record.path("seqgan", seed), "config.json"))
    # The machine and its workdirs are gone: the SeqGAN and MLE rows come from the record.
    lost = StudyTable(
        HEBBGAN_ORACLE, str(tmp_path / "elsewhere"), ["0", "1"], "seqgan_tiny", record_dir
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
    assert "seqgan" not in _read(str(tmp_path / "elsewhere"), "", ["0", "1"])
    assert "seqgan" not in _read(str(tmp_path / "work"), table.record.record_dir, ["0", "2"])
    # A finished run is recorded when read even while its row lacks a seed.
    _fake_run(table, "seqgan_no_dropout", 0, 8.9, 9.1)
    table.read("seqgan_no_dropout")
    assert "seqgan_no_dropout" not in table.results
    assert os.path.exists(os.path.join(table.record.path("seqgan_no_dropout", 0), "results.json"))
    # Such a row is named under the tables, not dropped without a word, and so in the report.
    label = HEBBGAN_ORACLE.label("seqgan_no_dropout")
    assert f"Left out, finished at some of seeds 0,1 only: {label} (seed 0)." in (
        report.text(table)
    )
    assert report.summary_report(table)["partial_rows"] == {"seqgan_no_dropout": [0]}
    _fake_run(table, "seqgan_no_dropout", 1, 8.8, 9.0)
    table.read("seqgan_no_dropout")
    assert table.partial == {} and "Left out" not in report.text(table)


def _read(workdir, record_dir, seeds):
    table = StudyTable(HEBBGAN_ORACLE, workdir, seeds, "seqgan_tiny", record_dir)
    table.read("seqgan")
    return table.results


def test_an_unfinished_start_is_recorded_and_restored(tmp_path):
    record_dir = str(tmp_path / "record")
    table = StudyTable(HEBBGAN_ORACLE, str(tmp_path / "work"), ["0"], "seqgan_tiny", record_dir)
    workdir = table.row_workdir("seqgan_plastic_generator", 0)
    os.makedirs(workdir)
    files = {"config.json": b"{}", "generator_mle.keras": b"weights", "history.csv": b"1,2"}
    for name, content in files.items():
        with open(os.path.join(workdir, name), "wb") as file:
            file.write(content)
    table.run_rows(())  # MLE is not finished: nothing to record yet.
    assert not os.path.exists(table.record.path("seqgan_plastic_generator", 0))
    with open(os.path.join(workdir, "mle_results.json"), "w") as file:
        json.dump({"nll_oracle": 9.0, "nll_test": 9.1}, file)
    table.run_rows(())  # MLE is done, the adversarial phase is not: the start is recorded.
    record = table.record.path("seqgan_plastic_generator", 0)
    assert sorted(os.listdir(record)) == ["config.json", "generator_mle.keras", "mle_results.json"]
    assert "seqgan_plastic_generator" not in table.results  # Not finished, not in the table.
    # On a new machine the dependent row's start comes back from the record, byte for byte.
    lost = StudyTable(HEBBGAN_ORACLE, str(tmp_path / "new"), ["0"], "seqgan_tiny", record_dir)
    lost.pretraining("seqgan_plastic_generator", 0)
    restored = lost.row_workdir("seqgan_plastic_generator", 0)
    assert sorted(os.listdir(restored)) == sorted(os.listdir(record))
    with open(os.path.join(restored, "generator_mle.keras"), "rb") as file:
        assert file.read() == b"weights"


def test_the_random_row_is_the_seeds_own_untrained_generator(tmp_path):
    scores = []
    for name in ("a", "b"):  # The second draw follows the first in one process.
        table = StudyTable(HEBBGAN_ORACLE, str(tmp_path / name), ["1"], "seqgan_tiny")
        scores.append(table.run("random", 1))
    assert scores[0] == scores[1]
    other = StudyTable(HEBBGAN_ORACLE, str(tmp_path / "c"), ["2"], "seqgan_tiny").run("random", 2)
    assert other["nll_oracle"] != scores[0]["nll_oracle"]


def test_the_precision_study_reruns_seqgan_in_bf16_from_the_same_start(tmp_path):
    from tf_hebbgan.studies import PRECISION_ORACLE

    table = StudyTable(PRECISION_ORACLE, str(tmp_path), ["4"], "seqgan_budget")
    seqgan, bf16 = table.row_config("seqgan", 4), table.row_config("seqgan_bf16", 4)
    assert seqgan.precision == "float32" and bf16.precision == "mixed_bfloat16"
    assert bf16.pretrained_workdir == table.row_workdir("seqgan", 4)
    changed = {k: v for k, v in bf16.to_dict().items() if v != seqgan.to_dict()[k]}
    assert changed == {
        "preset": "seqgan_budget+seqgan_bf16",
        "precision": "mixed_bfloat16",
        "pretrained_workdir": table.row_workdir("seqgan", 4),
    }
    _fake_run(table, "seqgan", 4, 8.80, 9.15)
    _fake_run(table, "seqgan_bf16", 4, 8.83, 9.14)
    table.run_rows(())
    pairs = report.paired(table)
    difference = pairs["minus_base"]["seqgan_bf16"]
    assert difference["base"] == "seqgan"
    assert difference["per_seed"] == [[pytest.approx(0.03), pytest.approx(-0.01)]]


def test_the_early_stopped_study_starts_every_row_from_early_stopped_mle(tmp_path):
    from tf_hebbgan.studies import EARLY_STOPPED_ORACLE

    table = StudyTable(EARLY_STOPPED_ORACLE, str(tmp_path), ["1"], EARLY_STOPPED_ORACLE.schedule)
    seqgan = table.row_config("seqgan", 1)
    assert seqgan.mle_validation_size == 1000 and seqgan.mle_patience == 10
    assert seqgan.adversarial_epochs == config_lib.load_preset("seqgan_budget").adversarial_epochs
    for row in ("seqgan_no_dropout", "hebbgan_output_stateful"):
        config = table.row_config(row, 1)
        assert config.pretrained_workdir == table.row_workdir("seqgan", 1)
        assert config.mle_validation_size == 1000  # The start's MLE fields, so it is shared.
    assert table.row_config("hebbgan_output_stateful", 1).discriminator_plasticity == (
        "output_stateful"
    )


def _log(workdir, tag, steps, phase="adversarial"):
    """A process's events file in `workdir`'s TensorBoard logs of `phase`."""
    import tensorflow as tf

    writer = tf.summary.create_file_writer(os.path.join(workdir, "tensorboard", phase))
    with writer.as_default():
        for step in steps:
            tf.summary.scalar(tag, 9.0 - step / 100, step=step)
    writer.close()


def test_a_run_still_going_is_recorded_as_far_as_it_got(tmp_path, capsys):
    from tf_hebbgan.studies import curves
    from tf_hebbgan.studies.run_record import progress

    record_dir = str(tmp_path / "record")
    table = StudyTable(HEBBGAN_ORACLE, str(tmp_path / "work"), ["0"], "seqgan_tiny", record_dir)
    workdir = table.row_workdir("seqgan_no_dropout", 0)
    record = table.record.path("seqgan_no_dropout", 0)
    os.makedirs(workdir)
    with open(os.path.join(workdir, "config.json"), "w") as file:
        json.dump({"seed": 0}, file)
    table.run_rows(())  # No events yet: nothing to record.
    assert not os.path.exists(record)
    _log(workdir, "pretrain/discriminator_loss", [1])
    table.run_rows(())
    assert "recorded as far as it got (pretraining round 1)" in capsys.readouterr().out
    _log(workdir, "pretrain/discriminator_loss", [2])
    _log(workdir, "adversarial/nll_oracle", [0, 5, 10])
    table.run_rows(())
    assert progress(record) == (10, 2)
    assert "recorded as far as it got (adversarial epoch 10)" in capsys.readouterr().out
    assert sorted(os.listdir(record)) == ["config.json", "tensorboard"]  # No results.json.
    assert "seqgan_no_dropout" not in table.results  # Not finished, not in the table.
    oracle = curves.read_scalars(os.path.join(record, curves.ADVERSARIAL_EVENTS))
    assert [step for step, _ in oracle["adversarial/nll_oracle"]] == [0, 5, 10]

    # The machine is lost; the run starts again elsewhere and does not replace the record
    # until it gets further.
    again = StudyTable(HEBBGAN_ORACLE, str(tmp_path / "new"), ["0"], "seqgan_tiny", record_dir)
    restarted = again.row_workdir("seqgan_no_dropout", 0)
    _log(restarted, "pretrain/discriminator_loss", [1, 2])
    _log(restarted, "adversarial/nll_oracle", [0, 5])
    again.run_rows(())
    assert progress(record) == (10, 2)
    _log(restarted, "adversarial/nll_oracle", [10, 15])  # Resumed after epoch 5.
    again.run_rows(())
    assert progress(record) == (15, 2)

    # Finished, the run replaces its progress with the complete record, which no progress
    # ever replaces.
    _fake_run(again, "seqgan_no_dropout", 0, 8.8, 9.1, config={"seed": 0})
    again.run_rows(())
    assert os.path.exists(os.path.join(record, "results.json"))
    _log(workdir, "adversarial/nll_oracle", [20])
    assert not table.record.keep_progress(workdir, "seqgan_no_dropout", 0)
    assert progress(record) == (15, 2)


def test_a_run_started_again_from_its_recorded_start_keeps_the_mle_log(tmp_path):
    from tf_hebbgan.studies import curves
    from tf_hebbgan.studies.run_record import progress

    record_dir = str(tmp_path / "record")
    table = StudyTable(HEBBGAN_ORACLE, str(tmp_path / "work"), ["0"], "seqgan_tiny", record_dir)
    workdir = table.row_workdir("seqgan", 0)
    os.makedirs(workdir)
    files = {"config.json": "{}", "generator_mle.keras": "weights", "history.csv": "epoch\n0\n"}
    for name, content in {**files, "mle_results.json": "{}"}.items():
        with open(os.path.join(workdir, name), "w") as file:
            file.write(content)
    _log(workdir, "epoch_loss", [0, 1, 2], phase="train")
    _log(workdir, "adversarial/nll_oracle", [0, 5])
    table.run_rows(())  # The start and the run's progress are recorded.
    record = table.record.path("seqgan", 0)
    assert progress(record) == (5, -1)

    # The machine is lost: the restored start brings MLE's log, not the lost adversarial phase.
    lost = StudyTable(HEBBGAN_ORACLE, str(tmp_path / "new"), ["0"], "seqgan_tiny", record_dir)
    restarted = lost.row_workdir("seqgan", 0)
    assert lost.record.restore_start("seqgan", 0, restarted)
    assert sorted(os.listdir(os.path.join(restarted, "tensorboard"))) == ["train"]
    with open(os.path.join(restarted, "history.csv")) as file:
        assert file.read() == files["history.csv"]
    # Once the new run passes the old one, its progress replaces the record, MLE's curve kept.
    _log(restarted, "adversarial/nll_oracle", [0, 5, 10])
    lost.run_rows(())
    assert progress(record) == (10, -1)
    mle = curves.read_scalars(os.path.join(record, "tensorboard", "train"))
    assert [step for step, _ in mle["epoch_loss"]] == [0, 1, 2]


def test_a_row_that_pretrains_starts_again_from_its_recorded_start(tmp_path, monkeypatch):
    from tf_hebbgan.trainers import experiment

    record_dir = str(tmp_path / "record")
    table = StudyTable(HEBBGAN_ORACLE, str(tmp_path / "work"), ["0"], "seqgan_tiny", record_dir)
    workdir = table.row_workdir("seqgan", 0)
    os.makedirs(workdir)
    with open(os.path.join(workdir, "config.json"), "w") as file:
        json.dump(table.row_config("seqgan", 0).to_dict(), file)
    for name, content in (("generator_mle.keras", "weights"), ("mle_results.json", "{}")):
        with open(os.path.join(workdir, name), "w") as file:
            file.write(content)
    table.run_rows(())  # MLE done: the start is recorded.
    seen = {}

    def train(config, workdir, verbose):  # What the run finds in its workdir as it starts.
        seen[workdir] = sorted(os.listdir(workdir)) if os.path.isdir(workdir) else []
        return {"seed": config.seed, "nll_oracle": 8.9, "nll_test": 9.1}

    monkeypatch.setattr(experiment, "train", train)
    # The machine is lost: SeqGAN runs again from its recorded start, not from a new MLE.
    lost = StudyTable(HEBBGAN_ORACLE, str(tmp_path / "new"), ["0"], "seqgan_tiny", record_dir)
    lost.run("seqgan", 0)
    start = ["config.json", "generator_mle.keras", "mle_results.json"]
    assert seen[lost.row_workdir("seqgan", 0)] == start
    # Without a record it pretrains from nothing, as before.
    bare = StudyTable(HEBBGAN_ORACLE, str(tmp_path / "bare"), ["0"], "seqgan_tiny")
    bare.run("seqgan", 0)
    assert seen[bare.row_workdir("seqgan", 0)] == []


def test_two_rows_restoring_one_start_at_once_never_see_it_half_copied(tmp_path, monkeypatch):
    from tf_hebbgan.studies import run_record
    from tf_hebbgan.studies.run_record import START_FILES, RunRecord

    record = RunRecord(str(tmp_path / "record"), "seqgan_tiny")
    start = record.path("seqgan", 0)
    os.makedirs(start)
    for name in START_FILES:
        with open(os.path.join(start, name), "w") as file:
            file.write(name)
    workdir = tmp_path / "work" / "seqgan_tiny" / "seed_0"
    copy = run_record.copy_files

    def rival_restores_meanwhile(source, target, names):
        # While this process copies, another one restores the same start and wins.
        monkeypatch.setattr(run_record, "copy_files", copy)
        assert os.path.basename(target).startswith(".restoring-")
        assert record.restore_start("seqgan", 0, str(workdir))
        copy(source, target, names)

    monkeypatch.setattr(run_record, "copy_files", rival_restores_meanwhile)
    assert not record.restore_start("seqgan", 0, str(workdir))
    assert sorted(os.listdir(workdir)) == sorted(START_FILES)
    assert os.listdir(workdir.parent) == ["seed_0"]  # No staging directory left behind.
    # The loser does not train MLE over the start: it finds the start in place.
    table = StudyTable(HEBBGAN_ORACLE, str(tmp_path / "work"), ["0"], "seqgan_tiny", "")
    monkeypatch.setattr(table.record, "restore_start", lambda *args: False)
    monkeypatch.setattr(table, "run", lambda *args: pytest.fail("MLE ran over a restored start"))
    table.pretraining("seqgan", 0)


def test_a_recorded_row_without_its_start_trains_the_start_alone(tmp_path, capsys):
    # A relational start (60 MB) is kept out of git: on a new machine the record holds the
    # row's results and its start's figures, not its weights.
    record_dir = str(tmp_path / "record")
    table = StudyTable(HEBBGAN_ORACLE, str(tmp_path / "work"), ["0"], "seqgan_tiny", record_dir)
    kept = table.record.path("seqgan", 0)
    os.makedirs(kept)
    recorded = {"seed": 0, "nll_oracle": 8.9, "nll_test": 9.1}
    for name, content in (("results.json", recorded), ("mle_results.json", {"nll_test": 1.5})):
        with open(os.path.join(kept, name), "w") as file:
            json.dump(content, file)
    table.pretraining("seqgan", 0)
    workdir = table.row_workdir("seqgan", 0)
    files = os.listdir(workdir)
    assert "generator_mle.keras" in files and "mle_results.json" in files
    assert "results.json" not in files  # The recorded run was not run again.
    with open(os.path.join(kept, "results.json")) as file:
        assert json.load(file) == recorded
    assert "the retrained MLE start differs from the recorded one (nll_test 1.5 ->" in (
        capsys.readouterr().out
    )
    # Had it been the recorded start, there would be nothing to say.
    with open(os.path.join(workdir, "mle_results.json")) as source:
        start = json.load(source)
    with open(os.path.join(kept, "mle_results.json"), "w") as file:
        json.dump(start, file)
    assert table.record.start_changes("seqgan", 0, workdir) == []
    # The row's run goes on from that start when asked for: the workdir is a run begun.
    from tf_hebbgan.trainers import experiment

    results = experiment.train(table.row_config("seqgan", 0), workdir)
    assert results["mle_nll_test"] == start["nll_test"]


def test_a_row_whose_record_holds_only_its_starts_figures_retrains_the_start_first(
    tmp_path, monkeypatch, capsys
):
    # A run still going when its machine was lost recorded its start's figures, not its
    # weights (a relational start is kept out of git): the row's dependents were paired with
    # that start, so a new start is trained alone first and compared with it.
    from tf_hebbgan.trainers import experiment

    record_dir = str(tmp_path / "record")
    table = StudyTable(HEBBGAN_ORACLE, str(tmp_path / "work"), ["0"], "seqgan_tiny", record_dir)
    kept = table.record.path("seqgan", 0)
    os.makedirs(kept)
    with open(os.path.join(kept, "mle_results.json"), "w") as file:
        json.dump({"nll_test": 1.5}, file)
    calls = []

    def train(config, workdir, verbose, mle_only=False):
        calls.append(mle_only)
        os.makedirs(workdir, exist_ok=True)
        if mle_only:
            with open(os.path.join(workdir, "mle_results.json"), "w") as file:
                json.dump({"nll_test": 2.5}, file)
        return {"seed": config.seed, "nll_oracle": 8.9, "nll_test": 9.1}

    monkeypatch.setattr(experiment, "train", train)
    table.run("seqgan", 0)
    assert calls == [True, False]  # The start alone, then the run from it.
    out = capsys.readouterr().out
    assert "the retrained MLE start differs from the recorded one (nll_test 1.5 -> 2.5)" in out
    # Its start in the workdir already: the run goes on, with nothing to retrain.
    calls.clear()
    table.run("seqgan", 0)
    assert calls == [False]
