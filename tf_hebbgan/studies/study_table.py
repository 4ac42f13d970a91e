"""`StudyTable`: runs and reads a study's rows over seeds under one root directory.

Workdirs: `WORKDIR/<row>/seed_N`, the schedule row's under the schedule's name. Finished runs
are read back, interrupted ones resume, so a table can be built over many processes (one
seed per process, one thread each, is how the recorded tables were made). Each finished run
is kept in the `RunRecord`, and a row whose workdir is gone is read from there.
"""

import dataclasses
import os

from tf_hebbgan import config as config_lib
from tf_hebbgan.files import read_json, write_json
from tf_hebbgan.studies import statistics
from tf_hebbgan.studies.row import START, TRAINED, UNTRAINED
from tf_hebbgan.studies.run_record import RESULTS_FILE, START_FILES, RunRecord


def run_workdir(root, schedule, name, seed, schedule_row=False):
    """A row's run directory under a study's workdir root: `ROOT/<row>/seed_N`, the schedule
    row's (`Row.schedule_row`) under the schedule's name."""
    return os.path.join(root, schedule if schedule_row else name, f"seed_{seed}")


class StudyTable:
    """A study's rows at one schedule for some seeds: run, read back, summarised.

    Args:
        study: the `Study`.
        workdir: root of the runs.
        seeds: the seeds this table runs and reports.
        schedule: the preset that gives every row its training budget.
        record_dir: root of the run record (`""`: none).
        selection_seeds: the seeds over which the best candidate is chosen, whichever seeds
            this table runs (default: `seeds`); the rule waits until every candidate row has
            finished them all, since a choice made on fewer could differ from the full rows'.
        best: run the `on_best` rows on this candidate before the rule can choose
            (provisional, labelled so); refused once the rule chooses another.

    Example:

    ```python
    from tf_hebbgan.studies.hebbgan_oracle import HEBBGAN_ORACLE

    # From the repository's root: no workdirs, so every row comes from its record.
    table = StudyTable(HEBBGAN_ORACLE, "workdirs", [0, 1, 2], "seqgan_budget", "results")
    table.run_rows(())  # Runs nothing: reads every finished row.
    print(table.summary("seqgan"))
    ```
    """

    def __init__(
        self, study, workdir, seeds, schedule, record_dir="", selection_seeds=None, best=""
    ):
        self.study = study
        self.workdir = workdir
        self.seeds = [int(seed) for seed in seeds]
        self.schedule = schedule or study.schedule
        self.record = RunRecord(record_dir, self.schedule, study.keys)
        self.selection_seeds = [int(seed) for seed in (selection_seeds or seeds)]
        if best and best not in study.candidates:
            raise ValueError(
                f"--best_hebbgan {best!r} is not a candidate row; choose from "
                f"{', '.join(study.candidates)}."
            )
        self.named_best = best
        self.results = {}  # row -> [results per seed]
        self.partial = {}  # row finished at some seeds only -> those seeds (left out)
        self.best_variants = {}  # on_best row -> the candidate its runs were made on

    # === Configs and workdirs ===

    def row_workdir(self, name, seed):
        schedule_row = self.study.row(name).schedule_row
        return run_workdir(self.workdir, self.schedule, name, seed, schedule_row)

    def row_config(self, name, seed):
        best = self.best_candidate() if self.study.row(name).on_best else None
        return self.study.row_config(
            name, self.schedule, seed, lambda row: self.row_workdir(row, seed), best
        )

    def finished_run(self, name, seed):
        """The results.json of a finished run: its workdir's, else its record's, else None."""
        path = os.path.join(self.row_workdir(name, seed), RESULTS_FILE)
        return path if os.path.exists(path) else self.record.finished(name, seed)

    def start_results(self, run):
        """The figures of the MLE start of an adversarial run, from its results."""
        return {key: run[f"mle_{key}"] for key in self.study.keys}

    # === The best candidate ===

    def rule_choice(self):
        """The rule's best candidate over the selection seeds, or None and what is missing."""
        if not self.study.candidates:
            return None, []
        runs, missing = {}, []
        for name in self.study.candidates:
            paths = [self.finished_run(name, seed) for seed in self.selection_seeds]
            absent = [
                seed for seed, path in zip(self.selection_seeds, paths, strict=True) if not path
            ]
            if absent:
                missing.append(f"{name} seed {','.join(map(str, absent))}")
                continue
            runs[name] = [read_json(path) for path in paths]
        if missing:
            return None, missing
        return self.best_of(self.study.candidates, runs), []

    def best_candidate(self):
        """The candidate row the `on_best` rows run on (a ValueError if there is none yet)."""
        chosen, missing = self.rule_choice()
        if self.named_best:
            if chosen and chosen != self.named_best:
                raise ValueError(
                    f"--best_hebbgan {self.named_best}, but over seeds {self.selection_seeds} "
                    f"the best HebbGAN is {chosen}; drop the flag."
                )
            return self.named_best
        if not chosen:
            raise ValueError(
                "'best HebbGAN' needs the HebbGAN rows first; missing: "
                f"{'; '.join(missing)} (or name a row with --best_hebbgan, provisionally)."
            )
        return chosen

    def best_of(self, names, results=None):
        """The row of `names` of lowest selection score, among those that did not collapse."""
        results = self.results if results is None else results
        key = self.study.collapse_key
        floors = [run[key] for name in names for run in results[name] if key and key in run]
        summaries = {name: self.summarize(results[name]) for name in names}
        return statistics.best_row(summaries, self.study.quality.key, min(floors, default=None))

    # === Running ===

    def run(self, name, seed):
        """Runs (or resumes, or reads) `name` for `seed`; returns its figures."""
        from tf_hebbgan.trainers import experiment

        row = self.study.row(name)
        if row.kind == START:  # The MLE generator the holder's adversarial phase started from.
            return self.start_results(self.run(row.start, seed))
        if row.kind == UNTRAINED:
            results = self._untrained(seed)
            self.keep(name, seed)
            return results
        workdir = self.row_workdir(name, seed)
        if row.start:  # The pretrained start comes first.
            self.pretraining(row.start, seed)
        # A row that pretrains, its workdir lost, starts again from its recorded start; where
        # the record holds only the start's figures (its weights are kept out of git), the
        # start is trained again first, alone, and compared with them.
        elif not self.record.restore_start(name, seed, workdir):
            fresh = not os.path.exists(os.path.join(workdir, START_FILES[-1]))
            if fresh and self.record.start_figures(name, seed):
                self._train_start_alone(name, seed)
        results = experiment.train(self.row_config(name, seed), workdir, verbose=2)
        self.keep(name, seed)
        return results

    def keep(self, name, seed):
        """Records a finished run (with its MLE start, for a row that pretrains one)."""
        row = self.study.row(name)
        self.record.keep(self.row_workdir(name, seed), name, seed, with_start=row.pretrains)

    def pretraining(self, name, seed):
        """Makes sure that `name`'s workdir holds its MLE start, the one its dependents copy.

        Found there (a finished or running row), restored from the row's record (a lost
        workdir: the same start as before, not a retrained one), or else made by running the
        row; a recorded row whose record lacks the start trains the start alone.
        """
        workdir = self.row_workdir(name, seed)
        if os.path.exists(os.path.join(workdir, START_FILES[-1])):
            return
        if self.record.restore_start(name, seed, workdir):
            return
        if os.path.exists(os.path.join(workdir, START_FILES[-1])):
            return  # Another process restored it while this one tried.
        if not self.record.finished(name, seed):
            self.run(name, seed)  # No record, or a run that has begun: it makes or resumes MLE.
            return
        # Recorded without its start (a large start is kept out of git): train the start
        # alone, not the recorded run again, and say if it is not the recorded one.
        self._train_start_alone(name, seed)

    def _train_start_alone(self, name, seed):
        """Trains `name`'s MLE start alone in its workdir and says if it differs from the
        start recorded for it: rows of the seed recorded from that one are not paired with
        rows run from this one."""
        from tf_hebbgan.trainers import experiment

        workdir = self.row_workdir(name, seed)
        experiment.train(self.row_config(name, seed), workdir, verbose=2, mle_only=True)
        changed = self.record.start_changes(name, seed, workdir)
        if changed:
            print(
                f"{workdir}: the retrained MLE start differs from the recorded one "
                f"({', '.join(changed)}); rows of seed {seed} recorded from that start are not "
                "paired with rows run from this one"
            )

    def _untrained(self, seed):
        import keras

        from tf_hebbgan.trainers import experiment
        from tf_hebbgan.trainers.run_data import load_run_data

        path = os.path.join(self.row_workdir("random", seed), RESULTS_FILE)
        if os.path.exists(path):
            return read_json(path)
        config = dataclasses.replace(config_lib.load_preset(self.schedule), seed=seed)
        # Seeded as `experiment.train` seeds a run, so the initial weights are the seed's own
        # and not whatever the process's random state holds.
        keras.utils.set_random_seed(seed)
        data = load_run_data(config)
        generator = experiment.build_generator(config, data)  # Untrained.
        results = {"seed": seed, **self.study.scorer(generator, config, seed)(1.0)}
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_json(path, results)
        return results

    def run_rows(self, names):
        """Runs the rows `names` for every seed, in table order, and reads all the others."""
        for row in self.study.rows:  # Table order: the on_best rows come after the candidates.
            if row.name in names:
                self.results[row.name] = [self.run(row.name, seed) for seed in self.seeds]
                if row.on_best:
                    self.best_variants[row.name] = self.best_candidate()
            else:
                self.read(row.name)
        for row in self.study.rows:  # A start row read before its holder ran in this call.
            if row.kind == START and row.name not in self.results:
                self.read(row.name)
        order = self.study.row_names
        self.results = {name: self.results[name] for name in order if name in self.results}
        trained = [row for row in self.study.rows if row.kind == TRAINED]
        for row in trained:  # Runs still going: their start and how far they got.
            for seed in self.seeds:
                if row.pretrains:
                    self.record.keep_start(self.row_workdir(row.name, seed), row.name, seed)
                self.record.keep_progress(self.row_workdir(row.name, seed), row.name, seed)

    def read(self, name):
        """Reads a row that finished for every seed (a row not run is left out; one finished at
        some seeds only is left out too, and its finished seeds noted in `partial`).

        A run is read from its workdir (and recorded, if it was not yet), or else from its
        record. An `on_best` row made on another candidate than the rule now chooses is left
        out.
        """
        holder = self.study.run_row(name)
        paths = [self.finished_run(holder, seed) for seed in self.seeds]
        for seed, path in zip(self.seeds, paths, strict=True):  # Kept even if the row is not.
            if path == os.path.join(self.row_workdir(holder, seed), RESULTS_FILE):
                self.keep(holder, seed)
        if not all(paths):
            finished = [seed for seed, path in zip(self.seeds, paths, strict=True) if path]
            if finished:
                self.partial[name] = finished
            return
        self.partial.pop(name, None)
        values = [read_json(path) for path in paths]
        if self.study.row(name).kind == START:
            values = [self.start_results(run) for run in values]
        if self.study.row(name).on_best and not self._check_best(name, paths):
            return
        self.results[name] = values

    def _check_best(self, name, paths):
        """Notes which candidate an on_best row's runs were made on; False if not the rule's."""
        configs = [read_json(os.path.join(os.path.dirname(path), "config.json")) for path in paths]
        variants = {self.study.candidate_of(config) for config in configs}
        chosen, _ = self.rule_choice()
        if len(variants) != 1 or (chosen and variants != {chosen}):
            print(
                f"warning: {name} left out: its runs were made on {sorted(map(str, variants))}, "
                f"but the best HebbGAN is {chosen or 'not yet chosen'}; move them away and "
                "rerun the row."
            )
            return False
        self.best_variants[name] = variants.pop()
        return True

    # === Summaries ===

    def summarize(self, runs):
        return statistics.summarize(runs, self.study.keys, self.study.lower_is_better)

    def summary(self, name):
        return self.summarize(self.results[name])
