"""The `hebbgan` command: train a preset in a workdir, evaluate it, sample from it.

hebbgan train --preset NAME --workdir DIR [--seed N] [--set field=value ...]
hebbgan evaluate --workdir DIR [--num_samples N]
hebbgan sample --workdir DIR --num_samples N [--seed N] [--temperature T] [--output FILE]
hebbgan presets
"""

import json
import os
import sys

# TensorFlow's C++ start-up chatter (oneDNN, CUDA probing) drowns the command's output; keep
# warnings and errors. A user's own setting wins.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")

from absl import app, flags, logging

from tf_hebbgan import config as config_lib

COMMANDS = ("train", "evaluate", "sample", "presets")

flags.DEFINE_string("preset", None, "Recipe name (a file in models/); see `hebbgan presets`.")
flags.DEFINE_string("workdir", None, "Directory of the run: config, checkpoints, results.")
flags.DEFINE_integer("seed", None, "train: overrides the recipe's seed; sample: sampling seed.")
flags.DEFINE_multi_string("set", [], "Overrides a recipe field, as field=value (repeatable).")
flags.DEFINE_integer("num_samples", None, "evaluate / sample: number of sequences.")
flags.DEFINE_float("temperature", 1.0, "sample: softmax temperature.")
flags.DEFINE_string("output", None, "sample: file for the samples (default: standard output).")
FLAGS = flags.FLAGS


def _require(name):
    if getattr(FLAGS, name) is None:
        raise ValueError(f"--{name} is required for this command.")
    return getattr(FLAGS, name)


def _train():
    config = config_lib.load_preset(_require("preset"))
    overrides = list(FLAGS.set)
    if FLAGS.seed is not None:
        overrides.append(f"seed={FLAGS.seed}")
    config = config_lib.apply_overrides(config, overrides)
    workdir = _require("workdir")
    from tf_hebbgan.trainers import experiment  # TensorFlow loads only once the input is valid.

    results = experiment.train(config, workdir)
    print(f"NLL-oracle {results['nll_oracle']:.4f}  NLL-test {results['nll_test']:.4f}")
    print(json.dumps(results, sort_keys=True))


def _evaluate():
    workdir = _require("workdir")
    from tf_hebbgan.trainers import experiment

    results = experiment.evaluate(workdir, num_samples=FLAGS.num_samples)
    print(f"NLL-oracle {results['nll_oracle']:.4f}  NLL-test {results['nll_test']:.4f}")
    print(json.dumps(results, sort_keys=True))


def _sample():
    workdir = _require("workdir")
    num_samples = _require("num_samples")
    if num_samples <= 0:
        raise ValueError(f"--num_samples must be positive; got {num_samples}.")
    if FLAGS.temperature <= 0:
        raise ValueError(f"--temperature must be positive; got {FLAGS.temperature}.")
    from tf_hebbgan.trainers import experiment

    tokens = experiment.sample(workdir, num_samples, FLAGS.seed, FLAGS.temperature)
    lines = "\n".join(" ".join(str(token) for token in row) for row in tokens) + "\n"
    if FLAGS.output:
        with open(FLAGS.output, "w") as file:
            file.write(lines)
    else:
        sys.stdout.write(lines)


def main(argv):
    if not FLAGS["verbosity"].present:
        logging.set_verbosity(logging.WARNING)  # absl's INFO lines would drown the progress bars.
    if len(argv) != 2 or argv[1] not in COMMANDS:
        raise app.UsageError(f"Give one command: {' | '.join(COMMANDS)}. Got: {argv[1:]}")
    try:
        if argv[1] == "presets":
            print("\n".join(config_lib.available_presets()))
        else:
            {"train": _train, "evaluate": _evaluate, "sample": _sample}[argv[1]]()
    except ValueError as error:
        sys.exit(f"hebbgan {argv[1]}: error: {error}")
    except BrokenPipeError:
        # The reader went away (`hebbgan sample ... | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


def run():
    """Console-script entry point."""
    app.run(main)


if __name__ == "__main__":
    run()
