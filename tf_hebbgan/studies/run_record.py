"""`RunRecord`: the small files of every finished run, kept in git so a table outlives machines.

Layout: `<record_dir>/<schedule>/<row>/seed_N/` holds a finished run's `config.json`,
`history.csv`, `results.json` (its presence marks a complete record) and `tensorboard/`. A row
that pretrains the MLE generator other rows start from also keeps `generator_mle.keras` and
`mle_results.json`, as soon as MLE is done: a start retrained elsewhere would differ in the
last bits (CPU arithmetic depends on thread count and machine), so the record keeps the start
itself. A run still going is recorded as far as it got (`config.json`, `history.csv` and
`tensorboard/`, no `results.json`), so its curves outlive the machine even if the run itself
must start again. `<record_dir>/<schedule>/reports/<study>/results_table.json` and `.md` hold
each study's last report with a temperature sweep (one per study: several studies share a
schedule's runs, and one study's sweep must not replace another's). A swept run also keeps its
own scores at each temperature (`sweep.json`, and `sweep_mle.json` for the MLE start it holds),
with the figures of the run they were scored from, so a sweep over seeds run on several
machines needs each generator only once. Every copy is atomic.
"""

import os
import shutil
import tempfile

from tf_hebbgan.files import copy_files, read_json, write_json, write_text
from tf_hebbgan.studies.events import last_step

RESULTS_FILE = "results.json"
CONFIG_FILE = "config.json"
RECORD_FILES = ("config.json", "history.csv", "results.json")  # And tensorboard/.
START_FILES = ("config.json", "generator_mle.keras", "mle_results.json")  # mle_results last.
REPORT_FILE = "results_table.json"  # The study's report, and results_table.md beside it.
REPORT_TEXT_FILE = "results_table.md"
SWEEP_FILE = "sweep.json"  # A swept run's scores at each temperature.
SWEEP_MLE_FILE = "sweep_mle.json"  # Those of the MLE start its record holds.
REPORTS_DIR = "reports"  # <schedule>/reports/<study>/: each study's report with its sweep.
ADVERSARIAL_EVENTS = os.path.join("tensorboard", "adversarial")
MLE_EVENTS = os.path.join("tensorboard", "train")  # Keras' TensorBoard callback in MLE's fit.


class RunRecord:
    """The run record of one schedule under `record_dir` (`""`: no record, every call a no-op).

    Example:

    ```python
    record = RunRecord("results", "seqgan_budget")
    path = record.finished("seqgan", 0)  # results.json of a recorded run, or None
    ```
    """

    def __init__(self, record_dir, schedule, keys=("nll_oracle", "nll_test")):
        self.record_dir = record_dir
        self.schedule = schedule
        self.keys = keys  # The figures whose change a rerun reports.

    def __bool__(self):
        return bool(self.record_dir)

    def report_dir(self, study):
        """Where `study`'s (a name) last report with a sweep is kept (`""` without a record)."""
        if not self.record_dir:
            return ""
        return os.path.join(self.record_dir, self.schedule, REPORTS_DIR, study)

    def path(self, row, seed):
        return os.path.join(self.record_dir, self.schedule, row, f"seed_{seed}")

    def finished(self, row, seed):
        """The recorded `results.json` of `row` and `seed`, or None."""
        if not self.record_dir:
            return None
        path = os.path.join(self.path(row, seed), RESULTS_FILE)
        return path if os.path.exists(path) else None

    def keep(self, workdir, row, seed, with_start=False):
        """Copies the finished run in `workdir` to the record, saying if the record changes.

        The small files always, the MLE start too with `with_start`; nothing if the record
        already holds this run complete.
        """
        if not self.record_dir:
            return
        target = self.path(row, seed)
        names = (*START_FILES[1:], *RECORD_FILES) if with_start else RECORD_FILES
        names = [name for name in names if os.path.exists(os.path.join(workdir, name))]
        old_path = os.path.join(target, RESULTS_FILE)
        if os.path.exists(old_path):
            old, new = read_json(old_path), read_json(os.path.join(workdir, RESULTS_FILE))
            changed = [
                f"{key} {old.get(key)} -> {new.get(key)}"
                for key in self.keys
                if old.get(key) != new.get(key)
            ]
            complete = all(os.path.exists(os.path.join(target, name)) for name in names)
            if not changed and complete:
                return
            if changed:
                print(f"record {target} replaced by a rerun: {', '.join(changed)}")
        _copy_events(workdir, target)  # Tens of KB: the curves and plasticity statistics.
        copy_files(workdir, target, names)  # results.json last: it marks a complete record.

    def keep_progress(self, workdir, row, seed):
        """Records how far the unfinished run in `workdir` got, if further than the record.

        Its config, MLE history and TensorBoard logs; never over a finished run's record, nor
        over the record of a run that got further (a run restarted on a new machine replaces
        it once it passes it; git keeps the old one). Returns True if it recorded.
        """
        target = self.path(row, seed)
        if (
            not self.record_dir
            or os.path.exists(os.path.join(workdir, RESULTS_FILE))
            or self.finished(row, seed)
        ):
            return False
        reached = progress(workdir)
        if reached <= (-1, -1) or reached <= progress(target):
            return False
        _copy_events(workdir, target)
        names = ("config.json", "history.csv")
        copy_files(workdir, target, [n for n in names if os.path.exists(os.path.join(workdir, n))])
        epoch, rounds = reached
        stage = f"adversarial epoch {epoch}" if epoch >= 0 else f"pretraining round {rounds}"
        print(f"{target}: recorded as far as it got ({stage})")
        return True

    def keep_start(self, workdir, row, seed):
        """Records the MLE start in `workdir` once MLE is done there, if not kept yet.

        So a start survives the machine while the rest of its row still runs.
        """
        done = os.path.exists(os.path.join(workdir, START_FILES[-1]))
        if self.record_dir and done and not self.start_figures(row, seed):
            copy_files(workdir, self.path(row, seed), START_FILES)

    def start_figures(self, row, seed):
        """The recorded figures (`mle_results.json`) of `row`'s MLE start, or None: kept with
        or without the start itself (a large one stays out of git)."""
        path = os.path.join(self.path(row, seed), START_FILES[-1])
        return path if self.record_dir and os.path.exists(path) else None

    def start_changes(self, row, seed, workdir):
        """How the MLE start in `workdir` differs from the one recorded for `row` and `seed`:
        `["key recorded -> new", ...]` over the start's figures, `[]` if they agree (or none is
        recorded). Timings and counts of epochs are left out; a start trained on another CPU
        or thread count differs in its last bits and then in its figures."""
        from tf_hebbgan.trainers.experiment import MLE_TIMING  # Imports TensorFlow.

        recorded = self.start_figures(row, seed)
        if not recorded:
            return []
        old, new = read_json(recorded), read_json(os.path.join(workdir, START_FILES[-1]))
        return [
            f"{key} {old[key]:.6g} -> {new.get(key, float('nan')):.6g}"
            for key in sorted(old)
            if isinstance(old[key], float) and key not in MLE_TIMING and old[key] != new.get(key)
        ]

    def restore_start(self, row, seed, workdir):
        """Copies the recorded MLE start of `row` into an empty `workdir`, with MLE's history and
        TensorBoard events where the record has them; True if it did.

        The files are copied into a directory beside `workdir` that is then renamed onto it, so
        another process sees the whole start or none of it: two rows that start from it at once
        cannot find it half copied (and train MLE over it). The loser of such a race gets
        False and finds the winner's start in place.
        """
        record = self.path(row, seed)
        restorable = self.record_dir and all(
            os.path.exists(os.path.join(record, name)) for name in START_FILES
        )
        if not restorable or (os.path.isdir(workdir) and os.listdir(workdir)):
            return False
        parent = os.path.dirname(os.path.abspath(workdir))
        os.makedirs(parent, exist_ok=True)
        staging = tempfile.mkdtemp(prefix=".restoring-", dir=parent)
        try:
            copy_files(record, staging, START_FILES)
            # MLE's log comes back with its start, so a run that goes on from it keeps MLE's
            # curves, and recording its progress does not drop them from the record. Never the
            # lost run's adversarial events: the run starts its adversarial phase again.
            if os.path.exists(os.path.join(record, "history.csv")):
                copy_files(record, staging, ["history.csv"])
            if os.path.isdir(os.path.join(record, MLE_EVENTS)):
                shutil.copytree(os.path.join(record, MLE_EVENTS), os.path.join(staging, MLE_EVENTS))
            try:
                os.rename(staging, workdir)  # Replaces an empty directory, never a filled one.
            except OSError:
                return False  # Another process filled `workdir` first.
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        print(f"{workdir}: MLE start restored from its record {record}")
        return True

    def sweep_scores(self, row, seed, source, name=SWEEP_FILE):
        """`{temperature key: metrics}` recorded for `row` and `seed`, if scored from the run
        whose figures are `source`; `{}` otherwise (none, or a rerun's with other figures)."""
        path = os.path.join(self.path(row, seed), name)
        if not self.record_dir or not os.path.exists(path):
            return {}
        recorded = read_json(path)
        return recorded["scores"] if recorded.get("source") == source else {}

    def keep_sweep_scores(self, row, seed, source, scores, name=SWEEP_FILE):
        """Records `scores` (`{temperature key: metrics}`) of the run whose figures are
        `source`."""
        if self.record_dir:
            os.makedirs(self.path(row, seed), exist_ok=True)
            path = os.path.join(self.path(row, seed), name)
            write_json(path, {"source": source, "scores": scores})

    def read_report(self, study):
        """`study`'s (a name) recorded report with a sweep; `{}` if none (or no record)."""
        path = os.path.join(self.report_dir(study), REPORT_FILE)
        return read_json(path) if self.record_dir and os.path.exists(path) else {}

    def write_report(self, directory, report, text):
        """Writes a report (JSON) and its text (markdown) into `directory`."""
        os.makedirs(directory, exist_ok=True)
        write_json(os.path.join(directory, REPORT_FILE), report)
        write_text(os.path.join(directory, REPORT_TEXT_FILE), text + "\n")


def progress(run_dir):
    """`(last adversarial epoch, last pretraining round)` logged in a run's events, -1 for none."""
    events = os.path.join(run_dir, ADVERSARIAL_EVENTS)
    return last_step(events, "adversarial/"), last_step(events, "pretrain/")


def _copy_events(workdir, target):
    """Replaces `target/tensorboard` with a copy of `workdir`'s, through a temporary folder."""
    events = os.path.join(workdir, "tensorboard")
    if not os.path.isdir(events):
        return
    old = os.path.join(target, "tensorboard")
    os.makedirs(target, exist_ok=True)
    new = os.path.join(tempfile.mkdtemp(prefix=".tensorboard.", dir=target), "tensorboard")
    shutil.copytree(events, new)
    shutil.rmtree(old, ignore_errors=True)
    os.replace(new, old)
    os.rmdir(os.path.dirname(new))
