"""Plasticity in a language model: the LSTM generator against its plastic cells, MLE stopped
early on held-out training data, over seeds, on the oracle, COCO captions and the recall
corpus (whose second half repeats its first).

    python training/plastic_lm.py --schedule mle_oracle_early --seeds 0,1,2 --workdir workdirs
    python training/plastic_lm.py --schedule mle_coco_early --seeds 0,1,2 --workdir workdirs
    python training/plastic_lm.py --schedule mle_recall_early --seeds 0,1,2 --reach 1.5 \
        --rows lstm,lstm_35_units,plastic_hebb,plastic_neuromodulated --recall

Rows are the schedule with `--set`-style overrides (`ROWS`). Finished runs are copied to
`--record_dir/SCHEDULE/ROW/seed_N/` (config, results, history) and read from there when their
workdir is gone; the table prints each row's parameter count and NLL-test (and perplexity,
its exponential) as mean ± std over the seeds. With `--recall`, also each row's recall of the
recall corpus's second halves (`tf_hebbgan.metrics.recall`), scored once from the run's
workdir and recorded beside its results.
"""

import csv
import json
import math
import os
import shutil

import numpy as np
from absl import app, flags

from tf_hebbgan import config as config_lib
from tf_hebbgan.files import read_json, write_json
from tf_hebbgan.quiet import quiet_main
from tf_hebbgan.studies.statistics import first_epoch_below

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROWS = {
    "lstm": (),
    "plastic_hebb": ("generator_plastic_rule=hebb",),
    "plastic_neuromodulated": (
        "generator_plastic_rule=hebb",
        "generator_neuromodulation=retroactive",
    ),
}
# Not run unless named: an LSTM with at least the plastic rows' parameter count where the
# vocabulary is small (on the recall corpus the plastic cell's 1,025 weights are 10.6 % more).
EXTRA_ROWS = {"lstm_35_units": ("hidden_dim=35",)}
RECORDED = ("config.json", "results.json", "history.csv")
RECALL_FILE = "recall.json"
RECALL_COLUMNS = (
    ("recall_accuracy", "recall accuracy"),
    ("lines_recalled", "lines recalled"),
    ("recall_nll", "recall NLL"),
)

flags.DEFINE_string("schedule", "mle_oracle_early", "The MLE recipe every row varies.")
flags.DEFINE_list("rows", list(ROWS), f"Rows to run and print ({', '.join(EXTRA_ROWS)} too).")
flags.DEFINE_list("seeds", ["0", "1", "2"], "Seeds.")
flags.DEFINE_string("workdir", "workdirs", "Root of the runs.")
flags.DEFINE_string("record_dir", os.path.join(REPO, "results", "plastic_lm"), "The record.")
flags.DEFINE_bool("train", True, "Train rows the record lacks (--notrain: print only).")
flags.DEFINE_multi_string("set", [], "A recipe field for every row, as `hebbgan train --set`.")
flags.DEFINE_float(
    "reach", None, "Also print each seed's first epoch with a validation NLL below this."
)
flags.DEFINE_bool(
    "recall", False, "Also print recall of the second halves (a recall corpus's schedule)."
)
FLAGS = flags.FLAGS


def row_config(row, seed):
    config = config_lib.load_preset(FLAGS.schedule)
    overrides = (*FLAGS.set, *{**ROWS, **EXTRA_ROWS}[row], f"seed={seed}")
    return config_lib.apply_overrides(config, overrides)


def parameter_count(config):
    from tf_hebbgan.trainers.mle_phase import build_generator
    from tf_hebbgan.trainers.run_data import load_run_data

    return build_generator(config, load_run_data(config)).count_params()


def record_dir(row, seed):
    return os.path.join(FLAGS.record_dir, FLAGS.schedule, row, f"seed_{seed}")


def workdir(row, seed):
    return os.path.join(FLAGS.workdir, "plastic_lm", FLAGS.schedule, row, f"seed_{seed}")


def recall(row, seed):
    """The run's recall scores: from the record, or scored from its workdir and recorded;
    None if neither holds them."""
    path = os.path.join(record_dir(row, seed), RECALL_FILE)
    if not os.path.exists(path):
        run_dir = workdir(row, seed)
        if not os.path.exists(os.path.join(run_dir, "generator.keras")):
            return None
        from tf_hebbgan.trainers.run_reader import recall as run_recall

        write_json(path, run_recall(run_dir))
    return read_json(path)


def epoch_reached(row, seed, threshold):
    """The first epoch of the recorded run whose validation NLL lies below `threshold`."""
    with open(os.path.join(record_dir(row, seed), "history.csv"), encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    values = [
        float(r["val_nll"]) if r.get("val_nll") not in (None, "", "NA") else None for r in rows
    ]
    epoch = first_epoch_below(values, threshold)
    return "-" if epoch is None else str(epoch)


def run(row, seed):
    """The row's results for `seed`: from the record, or trained and recorded."""
    record = record_dir(row, seed)
    if not os.path.exists(os.path.join(record, "results.json")):
        if not FLAGS.train:
            return None
        from tf_hebbgan.trainers import experiment

        run_dir = workdir(row, seed)
        experiment.train(row_config(row, seed), run_dir, verbose=2)
        os.makedirs(record, exist_ok=True)
        for name in RECORDED:
            shutil.copy(os.path.join(run_dir, name), os.path.join(record, name))
    with open(os.path.join(record, "results.json")) as file:
        return json.load(file)


def figure(values):
    values = np.asarray(values)
    spread = f" ± {values.std(ddof=1):.3f}" if len(values) > 1 else ""
    return f"{values.mean():.3f}{spread}"


def check_recall_schedule():
    """Refuses `--recall` on a schedule whose training text does not open with a recall line."""
    from tf_hebbgan.data.recall_corpus import is_recall_line
    from tf_hebbgan.data.text_corpus import read_sentences, resolve_path

    data = config_lib.load_preset(FLAGS.schedule).data
    if not data or not is_recall_line(read_sentences(resolve_path(data))[0]):
        raise SystemExit(
            f"plastic_lm.py: --recall scores a recall corpus; {FLAGS.schedule} trains on "
            f"{data or 'the oracle'}."
        )


def main(argv):
    del argv
    if FLAGS.recall:
        check_recall_schedule()
    oracle = not config_lib.load_preset(FLAGS.schedule).data
    extra = " NLL-oracle |" if oracle else ""
    reach = f" epochs to val NLL < {FLAGS.reach} |" if FLAGS.reach is not None else ""
    recalled = "".join(f" {label} |" for _, label in RECALL_COLUMNS) if FLAGS.recall else ""
    print(
        f"| row | parameters | NLL-test | perplexity |{extra} best epochs |{reach}{recalled} "
        "seeds |"
    )
    columns = 6 + oracle + bool(reach) + len(RECALL_COLUMNS) * FLAGS.recall
    print("|" + "---|" * columns)
    for row in FLAGS.rows:
        results = [r for r in (run(row, int(seed)) for seed in FLAGS.seeds) if r is not None]
        if not results:
            continue
        nll = [r["nll_test"] for r in results]
        cells = [
            row,
            f"{parameter_count(row_config(row, 0)):,}",
            figure(nll),
            f"{math.exp(np.mean(nll)):.1f}",
        ]
        if oracle:
            cells.append(figure([r["nll_oracle"] for r in results]))
        cells.append(", ".join(str(r.get("mle_best_epoch", "-")) for r in results))
        if reach:
            cells.append(", ".join(epoch_reached(row, r["seed"], FLAGS.reach) for r in results))
        if FLAGS.recall:
            scores = [s for s in (recall(row, r["seed"]) for r in results) if s is not None]
            partial = f" ({len(scores)} seeds)" if 0 < len(scores) < len(results) else ""
            for key, _ in RECALL_COLUMNS:
                cells.append(figure([s[key] for s in scores]) + partial if scores else "-")
        cells.append(str(len(results)))
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    app.run(quiet_main(main))
