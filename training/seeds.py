"""Trains one preset for several seeds and prints NLL-oracle / NLL-test as mean ± std.

    python training/seeds.py --preset mle_oracle --seeds 0,1,2 --workdir workdirs/mle
    python training/seeds.py --preset seqgan_budget --seeds 0,1,2 --workdir workdirs/seqgan

Each seed runs in its own `WORKDIR/seed_N` (finished seeds are reused, interrupted ones
resume); the summary goes to `WORKDIR/summary.json` and standard output. For an adversarial
preset it also summarises the MLE generator that the adversarial phase started from (the
same pretrained start per seed), so one run gives both columns of an MLE vs GAN table.
"""

import json
import os

import numpy as np
from absl import app, flags

from tf_hebbgan import config as config_lib
from tf_hebbgan.quiet import quiet_main

flags.DEFINE_string("preset", "mle_oracle", "Recipe name.")
flags.DEFINE_list("seeds", ["0", "1", "2"], "Comma-separated seeds.")
flags.DEFINE_string("workdir", None, "Root directory; one sub-directory per seed.", required=True)
flags.DEFINE_multi_string("set", [], "Recipe overrides, field=value.")
FLAGS = flags.FLAGS


def main(argv):
    del argv
    from tf_hebbgan.trainers import experiment

    base = config_lib.apply_overrides(config_lib.load_preset(FLAGS.preset), FLAGS.set)
    runs = []
    for seed in FLAGS.seeds:
        config = config_lib.apply_overrides(base, [f"seed={seed}"])
        runs.append(experiment.train(config, os.path.join(FLAGS.workdir, f"seed_{seed}")))
    summary = {"preset": FLAGS.preset, "overrides": FLAGS.set, "runs": runs}
    keys = ["nll_oracle", "nll_test", "mle_nll_oracle", "mle_nll_test", "epoch_seconds_median"]
    for key in [key for key in keys if all(key in run for run in runs)]:
        values = np.array([run[key] for run in runs])
        # Sample standard deviation (ddof=1) over seeds.
        std = float(values.std(ddof=1)) if len(values) > 1 else 0.0
        summary[key] = {"mean": float(values.mean()), "std": std}
        print(
            f"{key:22s} {values.mean():.4f} ± {std:.4f}  ({', '.join(f'{v:.4f}' for v in values)})"
        )
    with open(os.path.join(FLAGS.workdir, "summary.json"), "w") as file:
        json.dump(summary, file, indent=2)


if __name__ == "__main__":
    app.run(quiet_main(main))
