"""Binary pattern memorisation: plastic, non-plastic and LSTM networks over seeds.

    python training/pattern_memory.py --preset pattern_1000 --models plastic,nonplastic,lstm \
        --seeds 0,1,2 [--set episodes=500] [--plot docs/pattern_memory.png]

Recipes are `models/memorisation/NAME.py`. Each finished run is written to
`--out/PRESET/MODEL/seed_N.json` (its config and error curve) and skipped when found there, so
the command resumes a study run by run. `--plot` draws the mean bit error over episodes with
its spread over seeds, from what the record holds.
"""

import dataclasses
import importlib.util
import json
import os

import numpy as np
from absl import app, flags

from tf_hebbgan.quiet import quiet_main
from tf_hebbgan.trainers.pattern_memory import MODELS, train_pattern_memory

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

flags.DEFINE_string("preset", "pattern_1000", "A recipe in models/memorisation/.")
flags.DEFINE_list("models", list(MODELS), "Networks to train.")
flags.DEFINE_list("seeds", ["0", "1", "2"], "Seeds.")
flags.DEFINE_multi_string("set", [], "field=value overrides of the recipe.")
flags.DEFINE_string("out", os.path.join(REPO, "results", "pattern_memory"), "The record.")
flags.DEFINE_string("plot", "", "Where to draw the error curves (PNG); empty: no plot.")
flags.DEFINE_bool("train", True, "Train what the record lacks (--notrain: only read and plot).")
FLAGS = flags.FLAGS


def load_recipe(name, overrides):
    path = os.path.join(REPO, "models", "memorisation", f"{name}.py")
    if not os.path.isfile(path):
        raise app.UsageError(f"Unknown preset {name!r}: no {path}.")
    spec = importlib.util.spec_from_file_location(f"memorisation_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    config = dataclasses.replace(module.get_config(), preset=name)
    fields = {field.name: field.type for field in dataclasses.fields(config)}
    for override in overrides:
        key, _, value = override.partition("=")
        if key not in fields:
            raise app.UsageError(f"Unknown field {key!r} in --set {override}.")
        kind = {"int": int, "float": float, "str": str}[
            getattr(fields[key], "__name__", fields[key])
        ]
        setattr(config, key, kind(value))
    return config.validate()


def run_path(model, seed):
    return os.path.join(FLAGS.out, FLAGS.preset, model, f"seed_{seed}.json")


def plot(curves, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(6, 4))
    for model, runs in curves.items():
        length = min(len(run["error"]) for run in runs)
        errors = np.array([run["error"][:length] for run in runs])  # (seeds, points)
        episodes = runs[0]["episodes"][:length]
        mean, spread = errors.mean(0), errors.std(0)
        seeds = f"{len(runs)} seed" + ("s" if len(runs) > 1 else "")
        axis.plot(episodes, mean, label=f"{model} ({seeds})")
        axis.fill_between(episodes, mean - spread, mean + spread, alpha=0.25)
    axis.set_yscale("symlog", linthresh=1e-4)  # Log above 1e-4, and an error of 0 shows.
    axis.set_xlabel("episode")
    axis.set_ylabel("fraction of wrong bits")
    axis.set_title(f"Pattern memorisation ({FLAGS.preset})")
    axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)


def table(curves):
    """The markdown table of docs/results.md: per network, the first 10 episodes below 0.01
    of each seed, the error at episodes 91-100 and over the last 50 (mean +- std over seeds),
    and each seed's minutes."""
    print(
        "| network | first 10 episodes below 0.01 | error, episodes 91-100 | error, last 50 "
        "episodes | minutes |"
    )
    print("|---|---|---|---|---|")
    for model, runs in curves.items():
        firsts, early, late = [], [], []
        for run in runs:
            errors, episodes, every = run["error"], run["episodes"], run["config"]["log_every"]
            below = [end for end, error in zip(episodes, errors, strict=True) if error < 0.01]
            firsts.append(f"{below[0] - every + 1}-{below[0]}" if below else "never")
            early.append(errors[100 // every - 1])
            late.append(np.mean(errors[-(50 // every) :]))
        std = (lambda v: np.std(v, ddof=1)) if len(runs) > 1 else np.std
        minutes = ", ".join(f"{run['seconds'] / 60:.1f}" for run in runs)
        print(
            f"| {model} | {', '.join(firsts)} | {np.mean(early):.4f} ± {std(early):.4f} | "
            f"{np.mean(late):.4f} ± {std(late):.4f} | {minutes} |"
        )


def main(argv):
    del argv
    config = load_recipe(FLAGS.preset, FLAGS.set)
    curves = {}
    for model in FLAGS.models:
        for seed in map(int, FLAGS.seeds):
            path = run_path(model, seed)
            if not os.path.exists(path) and FLAGS.train:
                run = train_pattern_memory(model, dataclasses.replace(config, seed=seed), 2)
                run["config"] = dataclasses.asdict(dataclasses.replace(config, seed=seed))
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w") as file:
                    json.dump(run, file, indent=1)
            if os.path.exists(path):
                with open(path) as file:
                    run = json.load(file)
                curves.setdefault(model, []).append(run)
                tail = run["error"][-5:]
                print(
                    f"{model} seed {seed}: error {np.mean(tail):.4f} over episodes "
                    f"{run['episodes'][-len(tail)] - run['config']['log_every'] + 1}-"
                    f"{run['episodes'][-1]}, {run['seconds'] / 60:.1f} min"
                )
    if curves:
        table(curves)
    if FLAGS.plot and curves:
        plot(curves, FLAGS.plot)


if __name__ == "__main__":
    app.run(quiet_main(main))
