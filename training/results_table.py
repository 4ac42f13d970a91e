"""A study's results table: every row at one schedule, several seeds, mean ± std, sweep, plot.

    python training/results_table.py --workdir workdirs [--seeds 0,1,2] \
        [--schedule seqgan_budget] [--rows all] [--temperatures 0.8,0.9,1.0,1.1,1.2] \
        [--plot docs/temperature_sweep.png]
    python training/results_table.py --workdir workdirs --rows= --nosweep   # read, run nothing
    python training/results_table.py --workdir workdirs --replot --plot docs/temperature_sweep.png

The study (`--study`, default the HebbGAN oracle table) is library code in
`tf_hebbgan/studies/`: its rows, the run record under `--record_dir`, the paired statistics,
the best-row rule and the temperature sweep; docs/results.md says what each table shows.
"""

import os

from absl import app, flags

from tf_hebbgan import studies
from tf_hebbgan.quiet import quiet_main
from tf_hebbgan.studies import run

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

flags.DEFINE_string("workdir", None, "Root of the runs.", required=True)
flags.DEFINE_enum("study", "hebbgan_oracle", sorted(studies.STUDIES), "The study to run.")
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
flags.DEFINE_string(
    "schedule", "", "Preset giving every row's schedule (default: the study's own)."
)
flags.DEFINE_list("rows", ["all"], "Rows to run: all, none (--rows=), or a comma-separated list.")
flags.DEFINE_list("temperatures", ["0.8", "0.9", "1.0", "1.1", "1.2"], "Sweep temperatures.")
flags.DEFINE_list(
    "mle_temperatures",
    [],
    "Further temperatures for the MLE curve only, e.g. colder ones so that it reaches the "
    "diversity of the adversarial rows.",
)
flags.DEFINE_list(
    "oracle_temperatures",
    ["0.8", "0.9", "0.95", "1.0"],
    "Temperatures at which the oracle itself is scored with the sweep, for reference (a text "
    "study's real captions have none: they are scored once).",
)
flags.DEFINE_bool("sweep", True, "Run the temperature sweep once the rows it needs exist.")
flags.DEFINE_list(
    "sweep_rows",
    [],
    "Adversarial rows to sweep beside MLE (each must have finished); empty: the best one. "
    "Rows the recorded report swept before are kept in it while their runs are unchanged.",
)
flags.DEFINE_string("plot", "", "Where to write the sweep's PNG (empty: no plot).")
flags.DEFINE_bool(
    "replot",
    False,
    "Only redraw --plot from the sweep in WORKDIR/results_table.json, or else in the record's "
    "(RECORD_DIR/SCHEDULE/reports/STUDY/results_table.json); run nothing.",
)
FLAGS = flags.FLAGS


def _floats(values):
    return [float(value) for value in values]


def main(argv):
    del argv
    study = studies.STUDIES[FLAGS.study]
    try:
        if FLAGS.replot:
            if not FLAGS.plot:
                raise ValueError("--replot needs --plot PATH.")
            schedule = FLAGS.schedule or study.schedule
            return run.replot(study, FLAGS.workdir, FLAGS.record_dir, schedule, FLAGS.plot)
        run.run_study(
            study,
            FLAGS.workdir,
            FLAGS.seeds,
            FLAGS.schedule,
            FLAGS.record_dir,
            rows=study.row_names if FLAGS.rows == ["all"] else tuple(FLAGS.rows),
            selection_seeds=FLAGS.selection_seeds,
            best=FLAGS.best_hebbgan,
            temperatures=_floats(FLAGS.temperatures) if FLAGS.sweep else None,
            sweep_rows=FLAGS.sweep_rows,
            reference_temperatures=_floats(FLAGS.oracle_temperatures),
            plot=FLAGS.plot,
            mle_temperatures=_floats(FLAGS.mle_temperatures),
        )
    except ValueError as error:
        raise app.UsageError(str(error)) from None


if __name__ == "__main__":
    app.run(quiet_main(main))
