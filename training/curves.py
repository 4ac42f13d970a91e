"""NLL-oracle and NLL-test over the adversarial epochs of recorded (or running) runs, as a PNG.

    python training/curves.py --root results --schedule seqgan_oracle \
        --rows seqgan,hebbgan_output_stateful --seeds 0 --plot docs/paper_schedule_curves.png

`--root` is a run record (`results`, runs at `ROOT/SCHEDULE/ROW/seed_N`) or a study's
workdir root (`ROOT/ROW/seed_N`; SeqGAN's at `ROOT/SCHEDULE/seed_N`). A run's TensorBoard
events hold the figures every `eval_every` epochs (a run still going shows the epochs so
far); epoch 0 is the MLE start.
Prints each run's state (finished, or the epoch it got to), its first and last figures and
its lowest NLL-oracle; draws the oracle's entropy rate and the published NLL-oracle figures
as horizontal lines.
"""

import os
import sys

from absl import app, flags

from tf_hebbgan import studies
from tf_hebbgan.files import read_json
from tf_hebbgan.studies import curves, events

flags.DEFINE_string("root", "results", "A run record or a study's workdir root.")
flags.DEFINE_string("schedule", "seqgan_oracle", "The schedule (the directory under ROOT).")
flags.DEFINE_list("rows", ["seqgan"], "Rows to draw.")
flags.DEFINE_list("seeds", ["0"], "Seeds to draw.")
flags.DEFINE_string("plot", "", "Where to write the PNG (empty: print only).")
FLAGS = flags.FLAGS

# Published NLL-oracle figures (the HebbGAN paper's table), drawn for comparison.
PAPER_FIGURES = ((8.736, "SeqGAN, as published (8.736)"), (5.476, "HebbGAN, as published (5.476)"))


def run_dirs():
    """`(found, missing, starts)`: `{label: run directory}` of the runs asked for that have
    adversarial events, the runs without, and `{label: the MLE start's figures or None}`."""
    labels, schedule_rows = studies.row_labels(), studies.schedule_rows()
    found, missing, starts = {}, [], {}
    for row in FLAGS.rows:
        for seed in FLAGS.seeds:
            directory = curves.run_directory(
                FLAGS.root, FLAGS.schedule, row, seed, row in schedule_rows
            )
            if directory:
                label = f"{labels.get(row, row)}, seed {seed}"
                found[label] = directory
                starts[label] = start_results(directory, seed)
            else:
                missing.append(f"{row} seed {seed}")
    return found, missing, starts


def start_results(directory, seed):
    """The MLE start's figures of a run: its own `mle_results.json`, or else (the start is
    kept only with the row that pretrains it) the SeqGAN row's of the same seed."""
    seqgan = curves.run_directories(FLAGS.root, FLAGS.schedule, "seqgan", seed, True)
    for candidate in (directory, *seqgan):
        path = os.path.join(candidate, "mle_results.json")
        if os.path.exists(path):
            return read_json(path)
    return None


def status(directory):
    """`"finished"`, or how far a run still going got, e.g. `"running, epoch 12 of 200"`."""
    if os.path.exists(os.path.join(directory, "results.json")):
        return "finished"
    epoch = events.last_step(os.path.join(directory, curves.ADVERSARIAL_EVENTS), "adversarial/")
    config = os.path.join(directory, "config.json")
    planned = read_json(config).get("adversarial_epochs") if os.path.exists(config) else None
    if epoch < 0:
        return "running, discriminator pretraining"
    return f"running, epoch {epoch}" + (f" of {planned}" if planned else "")


def with_start(run, start):
    """The run's curves with the MLE start's figures as epoch 0 (none before its first
    evaluation: the start alone is not a curve)."""
    if not start or not run[curves.CURVE_TAGS[0]]:
        return run
    keys = {curves.CURVE_TAGS[0]: "nll_oracle", curves.CURVE_TAGS[1]: "nll_test"}
    return {tag: [(0, start[keys[tag]]), *points] for tag, points in run.items()}


def main(argv):
    del argv
    found, missing, starts = run_dirs()
    for run in missing:
        print(f"no adversarial events for {run} under {FLAGS.root}: skipped")
    if not found:
        sys.exit("error: none of the runs asked for has adversarial TensorBoard events.")
    try:
        runs = curves.run_curves(found)
    except ValueError as error:
        sys.exit(f"error: {error}")
    runs = {label: with_start(run, starts[label]) for label, run in runs.items()}
    for label, run in runs.items():
        oracle, test = run[curves.CURVE_TAGS[0]], run[curves.CURVE_TAGS[1]]
        if not oracle:
            print(f"{label} ({status(found[label])}): no evaluation yet")
            continue
        lowest = min(oracle, key=lambda point: point[1])
        print(
            f"{label} ({status(found[label])}): epochs {oracle[0][0]}-{oracle[-1][0]}, "
            f"NLL-oracle {oracle[0][1]:.3f} -> {oracle[-1][1]:.3f} (lowest {lowest[1]:.3f} at "
            f"epoch {lowest[0]}), NLL-test {test[0][1]:.3f} -> {test[-1][1]:.3f}"
        )
    if FLAGS.plot:
        references = list(PAPER_FIGURES)
        entropy = next((s["oracle_nll_test"] for s in starts.values() if s), None)
        if entropy:
            references.append((entropy, f"the oracle's entropy rate ({entropy:.3f})"))
        curves.plot_curves(runs, FLAGS.plot, references=references)
        print(f"wrote {FLAGS.plot}")


if __name__ == "__main__":
    app.run(main)
