"""The oracle's quality-diversity frontier: every study's sweep in one plot, gaps printed.

    python training/frontier.py \
        --reports results/seqgan_budget/reports/hebbgan_oracle,\
results/seqgan_budget_early/reports/early_stopped_oracle \
        [--plot docs/frontier.png] [--output results/frontier.json]

Reads each study's recorded report (`results_table.json`, written by `results_table.py` with
its sweep), draws NLL-oracle against NLL-test for the oracle itself cooled, every MLE model
and every swept adversarial row over temperatures, and prints each adversarial point's gap
to the best MLE curve (the lower envelope of the MLE curves) at equal NLL-test. Trains and
scores nothing; a report without a sweep is an error naming it.
"""

import sys

from absl import app, flags

from tf_hebbgan import studies
from tf_hebbgan.files import write_json
from tf_hebbgan.studies import frontier, report

flags.DEFINE_list("reports", None, "Directories holding a study's results_table.json.")
flags.DEFINE_string("plot", "", "Where to write the PNG (empty: no plot).")
flags.DEFINE_string("output", "", "Where to write the curves and gaps as JSON (empty: none).")
flags.mark_flag_as_required("reports")
FLAGS = flags.FLAGS


def main(argv):
    del argv
    try:
        curves, mle_curves, oracle, entropy = frontier.load_curves(FLAGS.reports)
    except ValueError as error:
        sys.exit(f"error: {error}")
    curves, mle_curves = frontier.distinct_mle(curves, mle_curves)
    labels = studies.row_labels()

    def label_of(key):
        return frontier.label(key, labels)

    gaps = frontier.gaps_to_envelope(curves, mle_curves)
    for key, points in gaps.items():
        text = report.gaps_text(points, "outside every MLE curve")
        print(f"NLL-oracle of {label_of(key)} minus the best MLE's at equal NLL-test: {text}")
    for key in mle_curves:
        print(f"MLE curve: {label_of(key)}")
    if FLAGS.plot:
        frontier.plot_frontier(curves, mle_curves, oracle, FLAGS.plot, label_of, entropy)
        print(f"wrote {FLAGS.plot}")
    if FLAGS.output:
        write_json(
            FLAGS.output,
            {
                "curves": {label_of(key): points for key, points in curves.items()},
                "mle_curves": [label_of(key) for key in mle_curves],
                "gaps": {
                    label_of(key): [
                        {**point, "reference": point["reference"] and label_of(point["reference"])}
                        for point in points
                    ]
                    for key, points in gaps.items()
                },
                "oracle_reference": oracle,
            },
        )
        print(f"wrote {FLAGS.output}")


if __name__ == "__main__":
    app.run(main)
