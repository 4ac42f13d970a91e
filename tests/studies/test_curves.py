"""Training curves read back from TensorBoard events, including a resumed run's two files."""

import os

import pytest
import tensorflow as tf

from tf_hebbgan.studies import curves, events


def _write(event_dir, points):
    writer = tf.summary.create_file_writer(event_dir)
    with writer.as_default():
        for step, (oracle, test) in points.items():
            tf.summary.scalar("adversarial/nll_oracle", oracle, step=step)
            tf.summary.scalar("adversarial/nll_test", test, step=step)
            tf.summary.scalar("adversarial/mean_reward", 0.5, step=step)
    writer.close()


def test_a_resumed_run_counts_each_step_once_from_its_later_file(tmp_path):
    event_dir = str(tmp_path / curves.ADVERSARIAL_EVENTS)
    _write(event_dir, {5: (9.0, 8.0), 10: (8.9, 8.1)})  # Killed after epoch 10's figures.
    first = tf.io.gfile.glob(os.path.join(event_dir, "events.out.tfevents.*"))
    assert len(first) == 1
    # Its name carries its creation time; make it clearly older than the resumed one's.
    head, created, tail = _split(first[0])
    os.rename(first[0], os.path.join(event_dir, f"{head}.{int(created) - 100}.{tail}"))
    _write(event_dir, {10: (8.7, 8.2), 15: (8.6, 8.3)})  # The resumed process redoes epoch 10.
    oracle = events.read_scalars(event_dir)["adversarial/nll_oracle"]
    assert oracle == [(5, approx(9.0)), (10, approx(8.7)), (15, approx(8.6))]


def _split(path):
    """`("events.out.tfevents", "<time>", "<host.pid...>")` of an events file's name."""
    parts = os.path.basename(path).split(".")
    return ".".join(parts[:3]), parts[3], ".".join(parts[4:])


def approx(value):
    return pytest.approx(value, abs=1e-6)


def test_curves_plot_to_a_png(tmp_path):
    run = tmp_path / "seed_0"
    _write(str(run / curves.ADVERSARIAL_EVENTS), {0: (9.0, 8.0), 5: (8.8, 8.2)})
    runs = curves.run_curves({"SeqGAN, seed 0": str(run)})
    assert runs["SeqGAN, seed 0"]["adversarial/nll_test"] == [
        (0, approx(8.0)),
        (5, approx(8.2)),
    ]
    path = tmp_path / "curves.png"
    curves.plot_curves(runs, str(path), references=((5.75, "oracle's entropy"),))
    assert path.stat().st_size > 1000


def test_no_events_is_a_one_line_error(tmp_path):
    with pytest.raises(ValueError, match="holds no TensorBoard events"):
        events.read_scalars(str(tmp_path))


def test_last_step_reads_every_tag_of_a_prefix_and_skips_text(tmp_path):
    event_dir = str(tmp_path / curves.ADVERSARIAL_EVENTS)
    assert events.last_step(event_dir, "adversarial/") == -1  # No events yet.
    _write(event_dir, {5: (9.0, 8.0), 10: (8.9, 8.1)})
    writer = tf.summary.create_file_writer(event_dir)
    with writer.as_default():
        tf.summary.scalar("pretrain/discriminator_loss", 0.7, step=50)
        tf.summary.scalar("adversarial/epoch_seconds", 200.0, step=11)  # No figures this epoch.
        tf.summary.text("adversarial/samples", ["1 2 3"], step=12)  # Text is not a scalar.
    writer.close()
    assert events.last_step(event_dir, "adversarial/") == 11
    assert events.last_step(event_dir, "pretrain/") == 50
    assert events.last_step(event_dir, "plasticity/") == -1


def test_the_script_draws_runs_from_the_mle_start_on(tmp_path):
    import json
    import subprocess
    import sys

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    seqgan = tmp_path / "seqgan_oracle" / "seqgan" / "seed_0"
    hebbgan = tmp_path / "seqgan_oracle" / "hebbgan_output_stateful" / "seed_0"
    _write(str(seqgan / curves.ADVERSARIAL_EVENTS), {5: (8.9, 9.1), 10: (8.8, 9.2)})
    _write(str(hebbgan / curves.ADVERSARIAL_EVENTS), {5: (8.7, 9.0)})
    just_started = tmp_path / "seqgan_oracle" / "hebbgan_output_sequence" / "seed_0"
    writer = tf.summary.create_file_writer(str(just_started / curves.ADVERSARIAL_EVENTS))
    with writer.as_default():  # Events, but no evaluation yet.
        tf.summary.scalar("adversarial/mean_reward", 0.5, step=1)
    writer.close()
    start = {"nll_oracle": 9.0, "nll_test": 9.05, "oracle_nll_test": 5.75}
    (seqgan / "mle_results.json").write_text(json.dumps(start))  # The row that pretrains.
    (seqgan / "results.json").write_text(json.dumps({"nll_oracle": 8.8}))  # Finished.
    (hebbgan / "config.json").write_text(json.dumps({"adversarial_epochs": 200}))  # Running.
    plot = tmp_path / "curves.png"
    result = subprocess.run(
        [
            sys.executable,
            os.path.join(root, "training", "curves.py"),
            f"--root={tmp_path}",
            "--rows=seqgan,hebbgan_output_stateful,hebbgan_output_sequence,seqgan_no_dropout",
            f"--plot={plot}",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": root},
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "SeqGAN, seed 0 (finished): epochs 0-10, NLL-oracle 9.000 -> 8.800" in lines[1]
    assert lines[2].startswith(
        "HebbGAN output / stateful trace, seed 0 (running, epoch 5 of 200): epochs 0-5, NLL-o"
    )
    assert lines[3].endswith(", seed 0 (running, epoch 1): no evaluation yet")
    assert lines[0].startswith("no adversarial events for seqgan_no_dropout seed 0 under")
    assert plot.stat().st_size > 1000


def test_a_running_study_is_found_in_its_workdir_layout(tmp_path):
    # A study's workdir root: the schedule row under the schedule's name, the others by name.
    seqgan = tmp_path / "seqgan_oracle" / "seed_0"
    hebbgan = tmp_path / "hebbgan_output_stateful" / "seed_0"
    _write(str(seqgan / curves.ADVERSARIAL_EVENTS), {5: (8.9, 9.1)})
    _write(str(hebbgan / curves.ADVERSARIAL_EVENTS), {5: (8.7, 9.0)})
    find = curves.run_directory
    assert find(str(tmp_path), "seqgan_oracle", "seqgan", 0, schedule_row=True) == str(seqgan)
    assert find(str(tmp_path), "seqgan_oracle", "hebbgan_output_stateful", 0) == str(hebbgan)
    assert find(str(tmp_path), "seqgan_oracle", "seqgan", 0) is None  # Not the schedule row.
    assert find(str(tmp_path), "seqgan_oracle", "hebbgan_output_stateful", 1) is None
