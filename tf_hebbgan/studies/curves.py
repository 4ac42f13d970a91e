"""Training curves of recorded runs: NLL-oracle and NLL-test over the adversarial epochs.

A run's TensorBoard events (`WORKDIR/tensorboard/adversarial`, kept in the run record) hold
the figures every `eval_every` epochs; a resumed run writes a new events file, so a step
logged twice (before and after an interruption) counts once, from the later file.
"""

import os

from tf_hebbgan.studies.events import read_scalars
from tf_hebbgan.studies.run_record import ADVERSARIAL_EVENTS, RunRecord
from tf_hebbgan.studies.study_table import run_workdir

CURVE_TAGS = ("adversarial/nll_oracle", "adversarial/nll_test")


def run_directories(root, schedule, row, seed, schedule_row=False):
    """Where `row`'s run with `seed` lies under `root`: in a run record, then in a study's
    workdir root (`StudyTable`'s layout), so a running study can be drawn as well as a record."""
    return (
        RunRecord(root, schedule).path(row, seed),
        run_workdir(root, schedule, row, seed, schedule_row),
    )


def run_directory(root, schedule, row, seed, schedule_row=False):
    """The first of `run_directories` that holds adversarial TensorBoard events, or None."""
    candidates = run_directories(root, schedule, row, seed, schedule_row)
    return next(
        (path for path in candidates if os.path.isdir(os.path.join(path, ADVERSARIAL_EVENTS))),
        None,
    )


def run_curves(run_dirs, tags=CURVE_TAGS):
    """`{label: {tag: [(step, value), ...]}}` for `run_dirs`, `{label: run directory}`."""
    return {
        label: read_scalars(os.path.join(directory, ADVERSARIAL_EVENTS), tags)
        for label, directory in run_dirs.items()
    }


def plot_curves(curves, path, references=(), tags=CURVE_TAGS, titles=("NLL-oracle", "NLL-test")):
    """One panel per tag, a line per run; `references` are `(value, label)` horizontal lines
    drawn on the first panel (the oracle's entropy rate, a published figure)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, panels = plt.subplots(1, len(tags), figsize=(5 * len(tags), 4), squeeze=False)
    for panel, tag, title in zip(panels[0], tags, titles, strict=True):
        for label, run in curves.items():
            steps, values = zip(*run[tag], strict=True) if run[tag] else ((), ())
            panel.plot(steps, values, marker=".", label=label)
        panel.set_xlabel("adversarial epoch")
        panel.set_ylabel(title)
        panel.set_title(f"{title} during adversarial training", fontsize=10)
    for value, label in references:
        panels[0][0].axhline(value, linestyle="--", color="gray", linewidth=1)
        panels[0][0].annotate(label, (0, value), fontsize=7, color="gray", va="bottom")
    panels[0][0].legend(fontsize=7)
    figure.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    figure.savefig(path, dpi=120)
