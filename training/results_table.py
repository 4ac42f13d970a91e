"""The HebbGAN results table: every method at one schedule, several seeds, mean ± std.

    python training/results_table.py --workdir workdirs [--seeds 0,1,2] \
        [--schedule seqgan_budget] [--rows all] [--temperatures 0.8,0.9,1.0,1.1,1.2] \
        [--plot docs/temperature_sweep.png]
    python training/results_table.py --workdir workdirs --replot --plot docs/temperature_sweep.png

Rows, each NLL-oracle (quality) and NLL-test (diversity) as mean ± sample std over seeds:
Random generator (untrained), MLE, SeqGAN, SeqGAN without dropout (the control for the
HebbGAN rows, which drop it as the paper does, so that plasticity is the only difference), the
three HebbGAN discriminators, the best HebbGAN with moment matching, SeqGAN with the plastic
generator, and the best HebbGAN with the plastic generator. "Best HebbGAN" is the HebbGAN
row with the lowest mean NLL-oracle + NLL-test (quality and diversity in the same unit, nats
per token, weighted equally) among those whose mean NLL-oracle is not below the oracle's own
samples' (~5.75: below it is collapse, not quality). NLL-oracle alone would crown the most
collapsed model. The choice is made over the seeds of `--selection_seeds` (0, 1, 2), whatever
seeds `--seeds` runs, and waits until every HebbGAN row has finished all of them: a choice
made on one seed's runs could differ from the full rows'. `--best_hebbgan ROW` runs the best
rows on a named row before then (provisional, labelled so in the table); once the rule can
decide, a run made on another row is refused and left out of the table with a warning.

Every row of a seed starts from the same MLE generator, so rows are also compared seed by
seed: a second table gives each adversarial row's change from its own MLE start and, for the
rows on the plain generator, its difference from the control (SeqGAN without dropout), both
as mean ± std of the per-seed differences. Paired differences cancel the start's share of
the seed-to-seed spread, which the plain mean ± std of each row keeps.

Every adversarial row is its recipe's *variant fields* (those in which the recipe in `models/`
differs from `seqgan_oracle`, the recipe they all build on) on top of the `--schedule`
preset, so all rows share one schedule. Workdirs: `WORKDIR/<schedule>/seed_N` is the SeqGAN
row and holds the MLE pretraining that every plain-generator row starts from (so issue 3's
`hebbgan train --preset seqgan_budget` runs are reused as they are);
`WORKDIR/seqgan_plastic_generator/seed_N` holds the plastic generator's pretraining for the
two plastic-generator rows; every other row is `WORKDIR/<row>/seed_N`. Finished runs are
read back, interrupted ones resume, so the table can be built over several sessions
(`--rows` runs a subset, `--rows=` none; the table shows every row that has finished).

Workdirs live on one machine and are lost with it; the table must not be. So each finished
run's small files (`config.json`, `results.json`, `history.csv`, `tensorboard/`) are copied to
its run record, `<record_dir>/<schedule>/<row>/seed_N/` (`--record_dir`, default `results/` at
the repository root, tracked in git). A row whose workdir is gone is read from its record, so
the table and the choice of the best HebbGAN survive a lost machine. The record of a row that
pretrains (SeqGAN, SeqGAN + plastic generator) also keeps its MLE generator, and a row whose
start's workdir is gone starts from that recorded generator: the same start as the rows before
it, where retraining would give another. The sweep needs the workdir of the best row (final
generators are not recorded), but a report with a sweep is recorded too, as
`<record_dir>/<schedule>/results_table.json` and `.md`, and `--replot` falls back to it: a
report of fewer seeds or without a sweep (`--nosweep`) never replaces it there.

The temperature sweep scores the MLE generator and the best adversarial row (or the rows of
`--sweep_rows`) at each temperature (samples at that temperature for NLL-oracle, the tempered
model's NLL for NLL-test) and plots NLL-oracle against NLL-test: the better model is the lower
curve, at equal diversity. It also prints each adversarial curve's NLL-oracle minus MLE's
(interpolated) at the same NLL-test, the gain that no change of temperature gives, and scores
the oracle itself at `--oracle_temperatures`: the cooled oracle shows what an NLL-oracle below
the entropy rate (the HebbGAN paper's 5.476) costs in diversity. The plot needs
matplotlib (`pip install "tf_hebbgan[plot]"`).
"""

import dataclasses
import os
import shutil

import numpy as np
from absl import app, flags

from tf_hebbgan import config as config_lib

ROWS = (
    # (name, label, recipe whose variant fields the row adds to the schedule)
    ("random", "Random generator (untrained)", None),
    ("mle", "MLE", None),
    ("seqgan", "SeqGAN", "seqgan_oracle"),
    ("seqgan_no_dropout", "SeqGAN, no dropout (control)", "seqgan_no_dropout"),
    ("hebbgan_output_sequence", "HebbGAN output / sequence trace", "hebbgan_output_sequence"),
    ("hebbgan_output_stateful", "HebbGAN output / stateful trace", "hebbgan_output_stateful"),
    ("hebbgan_highway", "HebbGAN highway", "hebbgan_highway"),
    ("best_hebbgan_moments", "best HebbGAN + moment matching", None),
    ("seqgan_plastic_generator", "SeqGAN + plastic generator", "seqgan_plastic_generator"),
    ("best_hebbgan_plastic_generator", "best HebbGAN + plastic generator", None),
)
ROW_NAMES = tuple(name for name, _, _ in ROWS)
ROW_LABELS = {name: label for name, label, _ in ROWS}
HEBBGAN_ROWS = ("hebbgan_output_sequence", "hebbgan_output_stateful", "hebbgan_highway")
CONTROL_ROW = "seqgan_no_dropout"  # SeqGAN without dropout: HebbGAN less the plasticity.
BASE_RECIPE = "seqgan_oracle"
MOMENT_WEIGHT = 0.1  # "Using Moments to Stabilize GAN Learning" scales the term by 0.1.
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RECORD_FILES = ("config.json", "history.csv", "results.json")  # And tensorboard/.
# The rows that pretrain their own MLE generator, which other rows start from, and what of it
# is recorded (4 MB a seed) so that the same start survives a lost workdir.
PRETRAINING_ROWS = ("seqgan", "seqgan_plastic_generator")
PRETRAINING_FILES = ("generator_mle.keras", "mle_results.json")
START_FILES = ("config.json", *PRETRAINING_FILES)  # A restorable start; mle_results.json last.
REPORT_FILE = "results_table.json"  # The table's report (and results_table.md beside it).

flags.DEFINE_string("workdir", None, "Root of the runs.", required=True)
flags.DEFINE_string(
    "record_dir",
    os.path.join(REPO, "results"),
    "Where finished runs' config, results and history are kept (tracked in git); empty: none.",
)
flags.DEFINE_list("seeds", ["0", "1", "2"], "Comma-separated seeds.")
flags.DEFINE_list(
    "selection_seeds",
    ["0", "1", "2"],
    "Seeds over which the best HebbGAN row is chosen (every HebbGAN row must have them all).",
)
flags.DEFINE_string(
    "best_hebbgan",
    "",
    "Run the 'best HebbGAN' rows on this HebbGAN row before the rule can choose (provisional); "
    "refused once the rule chooses another. Empty: the rule's choice.",
)
flags.DEFINE_string("schedule", "seqgan_budget", "Preset giving every row's schedule.")
flags.DEFINE_list("rows", ["all"], f"Rows to run: all, or some of {', '.join(ROW_NAMES)}.")
flags.DEFINE_list("temperatures", ["0.8", "0.9", "1.0", "1.1", "1.2"], "Sweep temperatures.")
flags.DEFINE_list(
    "oracle_temperatures",
    ["0.8", "0.9", "0.95", "1.0"],
    "Temperatures at which the oracle itself is scored with the sweep, for reference.",
)
flags.DEFINE_bool("sweep", True, "Run the temperature sweep once the rows it needs exist.")
flags.DEFINE_list(
    "sweep_rows",
    [],
    "Adversarial rows to sweep beside MLE (each must have finished); empty: the best one.",
)
flags.DEFINE_string("plot", "", "Where to write the sweep's PNG (empty: no plot).")
flags.DEFINE_bool(
    "replot",
    False,
    "Only redraw --plot from the sweep in WORKDIR/results_table.json, or else in the record's "
    "(RECORD_DIR/SCHEDULE/results_table.json); run nothing.",
)
FLAGS = flags.FLAGS


def variant_fields(recipe):
    """The fields in which `recipe` differs from `seqgan_oracle`: what makes the variant."""
    base = config_lib.load_preset(BASE_RECIPE).to_dict()
    variant = config_lib.load_preset(recipe).to_dict()
    return {k: v for k, v in variant.items() if k != "preset" and v != base[k]}


def _mle_results(seqgan_results):
    """The MLE row of a seed: the start of its SeqGAN run's adversarial phase."""
    return {
        "nll_oracle": seqgan_results["mle_nll_oracle"],
        "nll_test": seqgan_results["mle_nll_test"],
    }


def _pretrained_row(row):
    """The row whose run holds `row`'s MLE start, or None for a row that pretrains itself."""
    if row in PRETRAINING_ROWS:
        return None
    if row == "best_hebbgan_plastic_generator":
        return "seqgan_plastic_generator"
    return "seqgan"


def _copy_files(source, target, names):
    """Copies `names` from directory `source` to `target`, each atomically, in that order."""
    from tf_hebbgan.trainers import experiment

    os.makedirs(target, exist_ok=True)
    for name in names:
        experiment.copy_file(os.path.join(source, name), os.path.join(target, name))


def _summary(runs):
    """Mean ± std over seeds of NLL-oracle and NLL-test, their sum, and the per-seed pairs."""
    oracle = _mean_std([run["nll_oracle"] for run in runs])
    test = _mean_std([run["nll_test"] for run in runs])
    return {
        "nll_oracle": oracle,
        "nll_test": test,
        "quality_plus_diversity": oracle[0] + test[0],
        "per_seed": [[run["nll_oracle"], run["nll_test"]] for run in runs],
    }


def _hebbgan_row_of(config):
    """The HebbGAN row whose variant fields `config` (a dict) has, or None."""
    rows = [
        row
        for row in HEBBGAN_ROWS
        if all(config.get(name) == value for name, value in variant_fields(row).items())
    ]
    return rows[0] if len(rows) == 1 else None


def _read_json(path):
    from tf_hebbgan.trainers import experiment

    return experiment.read_json(path)


def _mean_std(values):
    values = np.asarray(values, dtype=float)
    std = float(values.std(ddof=1)) if len(values) > 1 else 0.0
    return float(values.mean()), std


def _differences(runs, references):
    """Seed-by-seed `runs` minus `references` (lists of results, one per seed, same order)."""
    seeds = [run.get("seed") for run in runs], [run.get("seed") for run in references]
    if None not in seeds[0] + seeds[1] and seeds[0] != seeds[1]:
        raise ValueError(f"Cannot pair runs of seeds {seeds[0]} with runs of seeds {seeds[1]}.")
    per_seed = [
        [run["nll_oracle"] - reference["nll_oracle"], run["nll_test"] - reference["nll_test"]]
        for run, reference in zip(runs, references, strict=True)
    ]
    return {
        "nll_oracle": _mean_std([oracle for oracle, _ in per_seed]),
        "nll_test": _mean_std([test for _, test in per_seed]),
        "per_seed": per_seed,
    }


def _pair_text(difference):
    oracle, test = difference["nll_oracle"], difference["nll_test"]
    return f"{oracle[0]:+.3f} ± {oracle[1]:.3f} / {test[0]:+.3f} ± {test[1]:.3f}"


class ResultsTable:
    """Runs and reads the rows of the table under one root directory."""

    def __init__(
        self, workdir, seeds, schedule, record_dir="", selection_seeds=None, best_hebbgan=""
    ):
        self.workdir = workdir
        self.seeds = [int(seed) for seed in seeds]
        self.schedule = schedule
        self.record_dir = record_dir
        # The best HebbGAN is chosen over these seeds, whichever this table runs.
        self.selection_seeds = [int(seed) for seed in (selection_seeds or seeds)]
        if best_hebbgan and best_hebbgan not in HEBBGAN_ROWS:
            raise ValueError(
                f"--best_hebbgan {best_hebbgan!r} is not a HebbGAN row; choose from "
                f"{', '.join(HEBBGAN_ROWS)}."
            )
        self.named_best = best_hebbgan
        self.results = {}  # row -> [results per seed]
        self.best_variants = {}  # "best" row -> the HebbGAN row its runs were made on

    # === Configs and workdirs ===

    def row_workdir(self, row, seed):
        directory = self.schedule if row == "seqgan" else row
        return os.path.join(self.workdir, directory, f"seed_{seed}")

    def record_path(self, row, seed):
        """Where the run record of `row` and `seed` is kept (rows are named, SeqGAN too)."""
        return os.path.join(self.record_dir, self.schedule, row, f"seed_{seed}")

    def rule_choice(self):
        """The rule's best HebbGAN row over the selection seeds, or None and what is missing."""
        runs, missing = {}, []
        for row in HEBBGAN_ROWS:
            paths = [self.finished_run(row, seed) for seed in self.selection_seeds]
            absent = [
                seed for seed, path in zip(self.selection_seeds, paths, strict=True) if not path
            ]
            if absent:
                missing.append(f"{row} seed {','.join(map(str, absent))}")
                continue
            runs[row] = [_read_json(path) for path in paths]
        if missing:
            return None, missing
        return self._best(HEBBGAN_ROWS, runs), []

    def best_hebbgan(self):
        """The HebbGAN row that the "best HebbGAN" rows run on (ValueError if none yet)."""
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

    def _best(self, rows, results=None):
        """The row of lowest NLL-oracle + NLL-test, among those that did not collapse."""
        results = self.results if results is None else results
        entropies = [
            run["oracle_nll_test"]
            for row in rows
            for run in results[row]
            if "oracle_nll_test" in run
        ]
        floor = min(entropies) if entropies else 0.0
        summaries = {row: _summary(results[row]) for row in rows}
        healthy = [row for row in rows if summaries[row]["nll_oracle"][0] >= floor]
        return min(healthy or rows, key=lambda row: summaries[row]["quality_plus_diversity"])

    def row_config(self, row, seed):
        overrides = {}
        recipe = {name: recipe_name for name, _, recipe_name in ROWS}[row]
        if recipe:
            overrides = variant_fields(recipe)
        elif row == "best_hebbgan_moments":
            overrides = {**variant_fields(self.best_hebbgan()), "moment_weight": MOMENT_WEIGHT}
        elif row == "best_hebbgan_plastic_generator":
            overrides = {
                **variant_fields(self.best_hebbgan()),
                **variant_fields("seqgan_plastic_generator"),
            }
        config = config_lib.load_preset(self.schedule)
        config = dataclasses.replace(config, **overrides, seed=seed)
        # The SeqGAN row is the schedule preset itself (so its runs can be made by hand too).
        config.preset = self.schedule if row == "seqgan" else f"{self.schedule}+{row}"
        start = _pretrained_row(row)
        config.pretrained_workdir = self.row_workdir(start, seed) if start else ""
        return config

    # === Running ===

    def run(self, row, seed):
        from tf_hebbgan.trainers import experiment

        if row == "mle":  # The MLE generator every SeqGAN-family row started from.
            return _mle_results(self.run("seqgan", seed))
        if row == "random":
            results = self._random(seed)
            self.record(row, seed)
            return results
        start = _pretrained_row(row)
        if start:  # The pretrained start comes first.
            self.pretraining(start, seed)
        workdir = self.row_workdir(row, seed)
        results = experiment.train(self.row_config(row, seed), workdir, verbose=2)
        self.record(row, seed)
        return results

    def pretraining(self, row, seed):
        """Makes sure that `row`'s workdir holds its MLE start, the one its dependents copy.

        Found there (a finished or running row), restored from the row's record (a lost
        workdir: the same start as before, not a retrained one), or else made by running the
        row.
        """
        from tf_hebbgan.trainers import experiment

        workdir = self.row_workdir(row, seed)
        if os.path.exists(os.path.join(workdir, experiment.MLE_RESULTS_FILE)):
            return
        record = self.record_path(row, seed)
        restorable = self.record_dir and all(
            os.path.exists(os.path.join(record, name)) for name in START_FILES
        )
        if not restorable or (os.path.isdir(workdir) and os.listdir(workdir)):
            self.run(row, seed)  # No record, or a run that has begun: it makes or resumes MLE.
            return
        _copy_files(record, workdir, START_FILES)
        print(f"{workdir}: MLE start restored from its record {record}")

    def record(self, row, seed):
        """Copies a finished run to its record, saying if the record changes.

        The small files always; the MLE generator too for the rows that pretrain it, since
        other rows start from it and a retrained one would differ (CPU arithmetic differs in
        the last bits from one thread count or machine to another).
        """
        from tf_hebbgan.trainers import experiment

        if not self.record_dir:
            return
        source, target = self.row_workdir(row, seed), self.record_path(row, seed)
        names = RECORD_FILES
        if row in PRETRAINING_ROWS:
            names = (*PRETRAINING_FILES, *RECORD_FILES)
        names = [name for name in names if os.path.exists(os.path.join(source, name))]
        new = experiment.read_json(os.path.join(source, "results.json"))
        old_path = os.path.join(target, "results.json")
        if os.path.exists(old_path):
            old = experiment.read_json(old_path)
            changed = [
                f"{key} {old.get(key)} -> {new.get(key)}"
                for key in ("nll_oracle", "nll_test")
                if old.get(key) != new.get(key)
            ]
            complete = all(os.path.exists(os.path.join(target, name)) for name in names)
            if not changed and complete:
                return
            if changed:
                print(f"record {target} replaced by a rerun: {', '.join(changed)}")
        # The TensorBoard logs (tens of KB) keep the curves and plasticity statistics.
        events = os.path.join(source, "tensorboard")
        if os.path.isdir(events):
            shutil.rmtree(os.path.join(target, "tensorboard"), ignore_errors=True)
            shutil.copytree(events, os.path.join(target, "tensorboard"))
        _copy_files(source, target, names)  # results.json last: it marks a complete record.

    def _random(self, seed):
        import keras

        from tf_hebbgan.metrics import nll_oracle, nll_test
        from tf_hebbgan.trainers import experiment

        path = os.path.join(self.row_workdir("random", seed), "results.json")
        if os.path.exists(path):
            return experiment.read_json(path)
        config = dataclasses.replace(config_lib.load_preset(self.schedule), seed=seed)
        # Seeded as `experiment.train` seeds a run, so the initial weights are the seed's own
        # and not whatever the process's random state holds.
        keras.utils.set_random_seed(seed)
        oracle, _, test_tokens = experiment.oracle_data(config)
        generator = experiment.build_generator(config, oracle)  # Untrained.
        results = {
            "seed": seed,
            "nll_oracle": nll_oracle(generator, oracle, config.num_eval_samples, seed=seed),
            "nll_test": nll_test(generator, test_tokens),
        }
        os.makedirs(os.path.dirname(path), exist_ok=True)
        experiment.write_json(path, results)
        return results

    def run_rows(self, rows):
        for row in ROW_NAMES:  # Table order: the "best" rows come after the HebbGAN rows.
            if row in rows:
                self.results[row] = [self.run(row, seed) for seed in self.seeds]
                if row.startswith("best_hebbgan"):
                    self.best_variants[row] = self.best_hebbgan()
            else:
                self.read(row)
        for row in PRETRAINING_ROWS:
            for seed in self.seeds:
                self.record_pretraining(row, seed)

    def record_pretraining(self, row, seed):
        """Records the MLE start of a pretraining row that has not finished, if not yet kept.

        So a start made in one session survives the machine while the rest of its row runs.
        """
        from tf_hebbgan.trainers import experiment

        source, target = self.row_workdir(row, seed), self.record_path(row, seed)
        done = os.path.exists(os.path.join(source, experiment.MLE_RESULTS_FILE))
        kept = os.path.exists(os.path.join(target, experiment.MLE_RESULTS_FILE))
        if self.record_dir and done and not kept:
            _copy_files(source, target, START_FILES)

    def finished_run(self, row, seed):
        """The results.json of a finished run: its workdir's, else its record's, else None."""
        path = os.path.join(self.row_workdir(row, seed), "results.json")
        if os.path.exists(path):
            return path
        if self.record_dir:
            path = os.path.join(self.record_path(row, seed), "results.json")
            if os.path.exists(path):
                return path
        return None

    def read(self, row):
        """Reads a row that finished for every seed (a row not run is left out).

        A run is read from its workdir (and recorded, if it was not yet), or else from its
        record: the record keeps a row whose workdir was lost with its machine. A "best
        HebbGAN" row made on another HebbGAN row than the rule now chooses is left out.
        """
        name = "seqgan" if row == "mle" else row
        paths = [self.finished_run(name, seed) for seed in self.seeds]
        for seed, path in zip(self.seeds, paths, strict=True):  # Kept even if the row is not.
            if path == os.path.join(self.row_workdir(name, seed), "results.json"):
                self.record(name, seed)
        if not all(paths):
            return
        values = [_read_json(path) for path in paths]
        if row == "mle":
            values = [_mle_results(results) for results in values]
        if row.startswith("best_hebbgan") and not self._check_best(row, paths):
            return
        self.results[row] = values

    def _check_best(self, row, paths):
        """Notes which HebbGAN row a "best" row's runs were made on; False if not the rule's."""
        configs = [_read_json(os.path.join(os.path.dirname(p), "config.json")) for p in paths]
        variants = {_hebbgan_row_of(config) for config in configs}
        chosen, _ = self.rule_choice()
        if len(variants) != 1 or (chosen and variants != {chosen}):
            print(
                f"warning: {row} left out: its runs were made on {sorted(map(str, variants))}, "
                f"but the best HebbGAN is {chosen or 'not yet chosen'}; move them away and "
                "rerun the row."
            )
            return False
        self.best_variants[row] = variants.pop()
        return True

    # === Reporting ===

    def summary(self, row):
        return _summary(self.results[row])

    def paired(self):
        """Seed-by-seed differences, the comparisons that a shared start makes possible.

        `from_start`: each adversarial row minus its own MLE start (the plastic-generator rows
        have their own). `minus_control`: each row that starts from the plain MLE generator
        minus SeqGAN without dropout, seed by seed: what the row adds beyond dropping dropout.
        `minus_base`: each "best HebbGAN" row minus the row it adds one thing to, on the same
        start: the best HebbGAN row for moment matching (what the moments change), SeqGAN +
        plastic generator for the plastic generator (what the plastic discriminator changes).
        Each difference as `summary()` gives a row: mean ± std over seeds, and per seed.
        """
        adversarial = [row for row in self.results if row not in ("random", "mle")]
        pairs = {"from_start": {}, "minus_control": {}, "minus_base": {}}
        for row in adversarial:
            runs = self.results[row]
            starts = [dict(_mle_results(run), seed=run.get("seed")) for run in runs]
            pairs["from_start"][row] = _differences(runs, starts)
        control = self.results.get(CONTROL_ROW)
        if control:
            for row in adversarial:
                if row != CONTROL_ROW and "seqgan" in (row, _pretrained_row(row)):
                    pairs["minus_control"][row] = _differences(self.results[row], control)
        for row in adversarial:
            base = self._base_row(row)
            if base in self.results:
                difference = _differences(self.results[row], self.results[base])
                pairs["minus_base"][row] = dict(difference, base=base)
        return pairs

    def _base_row(self, row):
        """The row that a "best HebbGAN" row adds one thing to, from the same start."""
        if row == "best_hebbgan_moments":
            return self.best_variants.get(row)
        if row == "best_hebbgan_plastic_generator":
            return "seqgan_plastic_generator"
        return None

    def paired_markdown(self):
        """The `paired()` differences as a table, NLL-oracle / NLL-test in each cell."""
        pairs = self.paired()
        if not pairs["from_start"]:
            return ""
        with_base = bool(pairs["minus_base"])
        lines = [
            "| paired by seed: NLL-oracle / NLL-test | change from its MLE start "
            "| minus the control |" + (" minus the row it adds to |" if with_base else ""),
            "|---|---|---|" + ("---|" if with_base else ""),
        ]
        for name, label, _ in ROWS:
            if name not in pairs["from_start"]:
                continue
            control = pairs["minus_control"].get(name)
            line = (
                f"| {label} | {_pair_text(pairs['from_start'][name])} "
                f"| {_pair_text(control) if control else '–'} |"
            )
            if with_base:
                base = pairs["minus_base"].get(name)
                line += f" {_pair_text(base)} ({ROW_LABELS[base['base']]}) |" if base else " – |"
            lines.append(line)
        return "\n".join(lines)

    def markdown(self):
        lines = [
            f"| method ({self.schedule}, seeds {','.join(map(str, self.seeds))}) "
            "| NLL-oracle | NLL-test |",
            "|---|---|---|",
        ]
        decided, _ = self.rule_choice() if self.best_variants else (None, [])
        for name, label, _ in ROWS:
            if name not in self.results:
                continue
            summary = self.summary(name)
            if name in self.best_variants:
                provisional = "" if decided else ", provisional"
                label += f" ({self.best_variants[name]}{provisional})"
            lines.append(
                f"| {label} | {summary['nll_oracle'][0]:.3f} ± {summary['nll_oracle'][1]:.3f} "
                f"| {summary['nll_test'][0]:.3f} ± {summary['nll_test'][1]:.3f} |"
            )
        return "\n".join(lines)

    # === Temperature sweep ===

    def sweep(self, temperatures, rows=()):
        """NLL-oracle and NLL-test against temperature, for MLE and adversarial rows.

        `rows`: the finished adversarial rows to sweep; empty: the best of them (lowest
        NLL-oracle + NLL-test, not collapsed).
        """
        from tf_hebbgan.trainers import experiment

        adversarial = [row for row in self.results if row not in ("random", "mle")]
        unknown = [row for row in rows if row not in adversarial]
        if unknown:
            raise ValueError(
                f"Cannot sweep {', '.join(unknown)}: not a finished adversarial row of this "
                f"table ({', '.join(adversarial) or 'none'})."
            )
        rows = list(rows) or [self._best(adversarial)]
        curves = {}
        models = [("mle", experiment.MLE_GENERATOR_FILE)] + [(row, None) for row in rows]
        for row, file in models:

            def load(seed, row=row, file=file):
                workdir = self.row_workdir("seqgan" if row == "mle" else row, seed)
                config = config_lib.Config.from_json(os.path.join(workdir, "config.json"))
                return experiment.load_generator(workdir, file), config

            curves[row] = self._curve(row, temperatures, load)
        return curves

    def oracle_reference(self, temperatures):
        """The oracle itself, cooled: what an NLL-oracle below its entropy rate costs.

        Sampling at T < 1 sharpens the data's own distribution, which lowers NLL-oracle below
        the entropy rate and raises NLL-test: the signature of lost diversity, on the one
        model whose quality cannot be beaten. NLL-oracle is averaged over the sampling seeds.
        """
        config = config_lib.load_preset(self.schedule)
        return self._curve("oracle itself", temperatures, lambda seed: (None, config))

    def _curve(self, name, temperatures, load):
        """Mean ± std over seeds of NLL-oracle and NLL-test at each temperature.

        `load(seed)` gives `(generator, config)`; a `None` generator scores the oracle itself.
        Each seed's generator and oracle data are loaded once, for every temperature.
        """
        from tf_hebbgan.metrics import nll_oracle, nll_test
        from tf_hebbgan.trainers import experiment

        values = {temperature: ([], []) for temperature in temperatures}
        for seed in self.seeds:
            generator, config = load(seed)
            oracle, _, test_tokens = experiment.oracle_data(config)
            generator = oracle if generator is None else generator
            for temperature in temperatures:
                oracle_values, test_values = values[temperature]
                oracle_values.append(
                    nll_oracle(generator, oracle, config.num_eval_samples, seed, temperature)
                )
                test_values.append(nll_test(generator, test_tokens, temperature))
        points = []
        for temperature in temperatures:
            oracle_values, test_values = values[temperature]
            points.append(
                {
                    "temperature": temperature,
                    "nll_oracle": _mean_std(oracle_values),
                    "nll_test": _mean_std(test_values),
                }
            )
            print(
                f"sweep {name:32s} T={temperature:.2f} NLL-oracle "
                f"{points[-1]['nll_oracle'][0]:.3f} NLL-test {points[-1]['nll_test'][0]:.3f}"
            )
        return points


def gap_at_equal_diversity(curves):
    """Each non-MLE sweep point's NLL-oracle minus MLE's at the same NLL-test.

    MLE's NLL-oracle at that NLL-test is interpolated linearly between its two nearest
    temperatures; points outside MLE's NLL-test range get None (no extrapolation). A negative
    gap means better quality than MLE at equal diversity: more than a change of temperature.
    """
    mle = sorted((point["nll_test"][0], point["nll_oracle"][0]) for point in curves["mle"])
    tests, oracles = zip(*mle, strict=True)
    gaps = {}
    for row, points in curves.items():
        if row == "mle":
            continue
        gaps[row] = []
        for point in points:
            test, oracle = point["nll_test"][0], point["nll_oracle"][0]
            inside = tests[0] <= test <= tests[-1]
            gap = oracle - float(np.interp(test, tests, oracles)) if inside else None
            gaps[row].append({"temperature": point["temperature"], "gap": gap})
    return gaps


def plot_sweep(curves, path, oracle_entropy=None):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(6, 4.5))
    for row, points in curves.items():
        x = [point["nll_test"][0] for point in points]
        y = [point["nll_oracle"][0] for point in points]
        axes.errorbar(
            x,
            y,
            xerr=[point["nll_test"][1] for point in points],
            yerr=[point["nll_oracle"][1] for point in points],
            marker="o",
            capsize=2,
            label=ROW_LABELS.get(row, row),
        )
        for point, xi, yi in zip(points, x, y, strict=True):
            axes.annotate(f"{point['temperature']:.1f}", (xi, yi), fontsize=7)
    if oracle_entropy:
        # The oracle scores (H, H) with H its entropy rate, far below these curves; a line at H
        # would squash them, so it is drawn only when the curves come near it.
        lowest = min(point["nll_oracle"][0] for points in curves.values() for point in points)
        if lowest - oracle_entropy < 1.0:
            axes.axhline(oracle_entropy, color="gray", linestyle="--", label="oracle's entropy")
        else:
            axes.text(
                0.98,
                0.02,
                f"the oracle itself: {oracle_entropy:.2f} / {oracle_entropy:.2f} (off the axes)",
                transform=axes.transAxes,
                ha="right",
                fontsize=8,
                color="gray",
            )
    axes.set_xlabel("NLL-test (diversity; lower is better)")
    axes.set_ylabel("NLL-oracle (quality; lower is better)")
    axes.set_title("Temperature sweep (labels: temperature; bars: std over seeds)", fontsize=10)
    axes.legend()
    figure.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    figure.savefig(path, dpi=120)


def replot(workdir, path, record=""):
    """Redraws the sweep's plot from a finished report, without scoring anything again.

    The report is `WORKDIR/results_table.json` if it has a sweep, else the one recorded in
    `record` (a directory) by the last run with a sweep.
    """
    from tf_hebbgan.trainers import experiment

    candidates = [
        os.path.join(directory, REPORT_FILE) for directory in (workdir, record) if directory
    ]
    found = [candidate for candidate in candidates if os.path.exists(candidate)]
    if not found:
        raise app.UsageError(f"--replot needs {' or '.join(candidates)}; run the table first.")
    for report_path in found:  # The workdir's first: the record's is read only if needed.
        report = experiment.read_json(report_path)
        if "sweep" in report:
            break
    else:
        raise app.UsageError(
            f"{' and '.join(found)} hold no sweep; run the table with --sweep first."
        )
    print(f"sweep from {report_path}")
    plot_sweep(report["sweep"], path, report.get("oracle_entropy"))
    print(f"plot: {path}")


def main(argv):
    del argv
    if FLAGS.replot:
        if not FLAGS.plot:
            raise app.UsageError("--replot needs --plot PATH.")
        return replot(FLAGS.workdir, FLAGS.plot, _report_record(FLAGS.record_dir, FLAGS.schedule))
    rows = ROW_NAMES if FLAGS.rows == ["all"] else tuple(FLAGS.rows)
    unknown = sorted(set(rows) - set(ROW_NAMES))
    if unknown:
        raise app.UsageError(f"Unknown rows {unknown}; choose from {', '.join(ROW_NAMES)}.")
    table = ResultsTable(
        FLAGS.workdir,
        FLAGS.seeds,
        FLAGS.schedule,
        FLAGS.record_dir,
        selection_seeds=FLAGS.selection_seeds,
        best_hebbgan=FLAGS.best_hebbgan,
    )
    table.run_rows(rows)
    report = {
        "schedule": FLAGS.schedule,
        "seeds": table.seeds,
        "rows": {row: table.summary(row) for row in table.results},
        "paired": table.paired(),
        "best_hebbgan": {
            "rule_choice": table.rule_choice()[0],
            "selection_seeds": table.selection_seeds,
            "rows": table.best_variants,
        },
    }
    text = "\n\n".join(part for part in (table.markdown(), table.paired_markdown()) if part)
    print(text)
    if FLAGS.sweep and "mle" in table.results and len(table.results) > 2:
        temperatures = [float(value) for value in FLAGS.temperatures]
        report["sweep"] = table.sweep(temperatures, FLAGS.sweep_rows)
        report["gap_at_equal_diversity"] = gap_at_equal_diversity(report["sweep"])
        for row, gaps in report["gap_at_equal_diversity"].items():
            text_gaps = ", ".join(
                f"T={gap['temperature']:.2f}: "
                + ("outside MLE's range" if gap["gap"] is None else f"{gap['gap']:+.3f}")
                for gap in gaps
            )
            print(f"NLL-oracle of {row} minus MLE's at equal NLL-test: {text_gaps}")
        report["oracle_reference"] = table.oracle_reference(
            [float(value) for value in FLAGS.oracle_temperatures]
        )
        oracle_runs = table.results.get("seqgan", [])
        report["oracle_entropy"] = oracle_runs[0].get("oracle_nll_test") if oracle_runs else None
        if FLAGS.plot:
            plot_sweep(report["sweep"], FLAGS.plot, report["oracle_entropy"])
            print(f"plot: {FLAGS.plot}")
    from tf_hebbgan.trainers import experiment

    directories = [FLAGS.workdir]
    if "sweep" in report and FLAGS.record_dir:  # A sweep is worth keeping beside the runs.
        directories.append(_report_record(FLAGS.record_dir, FLAGS.schedule))
    for directory in directories:
        os.makedirs(directory, exist_ok=True)
        experiment.write_json(os.path.join(directory, REPORT_FILE), report)
        with open(os.path.join(directory, "results_table.md"), "w") as file:
            file.write(text + "\n")


def _report_record(record_dir, schedule):
    """Where the last report with a sweep is recorded ("" without a record)."""
    return os.path.join(record_dir, schedule) if record_dir else ""


if __name__ == "__main__":
    app.run(main)
