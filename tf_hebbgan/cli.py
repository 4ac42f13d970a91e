"""The `hebbgan` command: train a preset in a workdir, evaluate, sample and export it.

    hebbgan train --preset NAME --workdir DIR [--seed N] [--data FILE [--test_data FILE]]
                  [--set field=value ...]
    hebbgan evaluate --workdir DIR [--num_samples N] [--seed N] [--temperature T]
    hebbgan sample --workdir DIR --num_samples N [--seed N] [--temperature T] [--output FILE]
                   [--overwrite] [--prefix TEXT] [--tokens]
    hebbgan export --workdir DIR --out DIR
    hebbgan presets [NAME]
    hebbgan config --workdir DIR

Every command checks its input before TensorFlow loads, answers bad input with one line
naming the flag or file (`--debug` shows the traceback instead), refuses flags it does not
use, and `hebbgan [COMMAND] --help` lists its flags. `--flagfile FILE` reads flags from a file,
one per line.
"""

import argparse
import math
import os
import sys
import warnings

# TensorFlow's C++ logging after start-up: warnings and errors only. A user's setting wins.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from tf_hebbgan import config as config_lib  # noqa: E402 (after the logging setting)
from tf_hebbgan.precision import PRECISIONS  # noqa: E402
from tf_hebbgan.quiet import filtered_stderr  # noqa: E402
from tf_hebbgan.sample_output import check_output, write_chunks  # noqa: E402

COMMANDS = {
    "train": "Train a recipe in a workdir; the same command resumes an interrupted run.",
    "evaluate": "The trained generator's figures: NLL-oracle and NLL-test on the oracle, "
    "BLEU-2..5, self-BLEU-2..5 and NLL-test on text.",
    "sample": "Sentences (text runs) or token sequences from a workdir's trained generator.",
    "export": "A SavedModel of a finished run, with sample / log_prob / score signatures.",
    "presets": "The recipes, one line each; with a NAME, that recipe's every field.",
    "config": "A run's recipe, every field, with the ones set on the command line marked.",
}


class UsageError(Exception):
    """Bad command-line input: printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def _integer(low, high, words):
    """An argparse type: an integer in [low, high), else an error saying `words`."""

    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
        if not low <= value < high:
            raise argparse.ArgumentTypeError(f"must be {words}, got {value}")
        return value

    return parse


_positive_int = _integer(1, 2**63, "a positive integer")
_seed = _integer(0, 2**31, "in [0, 2**31)")


def _temperature(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    low, high = config_lib.TEMPERATURE_RANGE
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a positive finite number, got {text}")
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(
            f"must lie in [{low:g}, {high:g}] (logits divided by it must stay finite in "
            f"float32), got {text}"
        )
    return value


def build_parser():
    """The argument parser: one subcommand per entry of `COMMANDS`, each with its own flags."""
    parser = _Parser(prog="hebbgan", add_help=False)
    parser.add_argument("-h", "--help", action="store_true", help="Show this help and exit.")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    sub = {}
    for name, text in COMMANDS.items():
        sub[name] = commands.add_parser(name, help=text, description=text)
        sub[name].add_argument(
            "--debug", action="store_true", help="Show the traceback of an error."
        )
    train = sub["train"]
    train.add_argument("--preset", required=True, help="Recipe name; see `hebbgan presets`.")
    train.add_argument("--workdir", required=True, help="Run directory (created if missing).")
    train.add_argument("--seed", type=_seed, help="Overrides the recipe's seed.")
    train.add_argument(
        "--data", help="Training text, one sentence per line (UTF-8); overrides the recipe's."
    )
    train.add_argument(
        "--test_data",
        help="Held-out text for NLL-test and BLEU (default: with --data, 10%% of its lines, "
        "held out; without, the recipe's).",
    )
    train.add_argument(
        "--precision",
        choices=PRECISIONS,
        help="The discriminator's compute precision; overrides the recipe's (auto, the "
        "default: bf16 where a bf16 matmul measures faster on this machine, chosen at the run's "
        "first start and kept on resume).",
    )
    train.add_argument(
        "--strategy",
        choices=("default", "mirrored", "multi_worker"),
        default="default",
        help="tf.distribute strategy: default (one device), mirrored (every GPU of this "
        "machine), multi_worker (the hosts in TF_CONFIG; every worker runs this command).",
    )
    train.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="Overrides a recipe field (repeatable); `hebbgan presets NAME` lists the fields.",
    )
    for name in ("evaluate", "sample"):
        sub[name].add_argument("--workdir", required=True, help="A trained run's directory.")
        sub[name].add_argument(
            "--temperature", type=_temperature, default=1.0, help="Softmax temperature (1.0)."
        )
    evaluate = sub["evaluate"]
    evaluate.add_argument(
        "--num_samples",
        type=_integer(
            1,
            config_lib.MAX_SAMPLES + 1,
            f"between 1 and {config_lib.MAX_SAMPLES:,} (scored in memory at once)",
        ),
        help="Samples for NLL-oracle or BLEU (the run's own).",
    )
    evaluate.add_argument(
        "--seed",
        type=_seed,
        help="Sampling seed (the one of the run's final figures, which it then reproduces).",
    )
    sample = sub["sample"]
    sample.add_argument(
        "--num_samples",
        type=_positive_int,
        required=True,
        help="Sequences (any number: written as they are drawn, with progress on stderr).",
    )
    sample.add_argument("--seed", type=_seed, help="Sampling seed (default: random).")
    sample.add_argument(
        "--output", help="New file to write (default: standard output); see --overwrite."
    )
    sample.add_argument(
        "--overwrite",
        action="store_true",
        help="Replace --output if it exists (never a file inside --workdir).",
    )
    sample.add_argument(
        "--prefix", default="", help="Text runs: words every sentence starts with (completed)."
    )
    sample.add_argument(
        "--tokens",
        action="store_true",
        help="Text runs: the tokens joined by spaces instead of readable text.",
    )
    export = sub["export"]
    export.add_argument("--workdir", required=True, help="A finished run's directory.")
    export.add_argument(
        "--out", required=True, help="New or empty directory to write (parents are created)."
    )
    sub["presets"].add_argument("name", nargs="?", help="A recipe to show field by field.")
    sub["config"].add_argument("--workdir", required=True, help="A run's directory.")
    export.add_argument(
        "--format",
        choices=("savedmodel", "keras"),
        default="savedmodel",
        help="savedmodel: serving signatures, TensorFlow only; keras: the whole GAN as .keras "
        "files with its recipe and vocabulary (tf_hebbgan.gan.GAN.load).",
    )
    return parser, sub


def help_text(parser, sub):
    """The top-level help: every command with its flags, one line each."""
    lines = ["usage: hebbgan COMMAND [flags]   (hebbgan COMMAND --help for one command)", ""]
    for name, text in COMMANDS.items():
        lines.append(f"{name}: {text}")
        for action in sub[name]._actions:
            if action.dest == "help":
                continue
            if not action.option_strings:  # A positional argument.
                flag, metavar = f"[{action.dest.upper()}]" if action.nargs == "?" else "", ""
            else:
                flag = action.option_strings[-1]
                metavar = "" if action.nargs == 0 else f" {action.metavar or action.dest.upper()}"
            if flag:
                required = " (required)" if action.required and action.option_strings else ""
                words = (action.help or "").replace("%%", "%")  # argparse's escape, undone.
                lines.append(f"    {flag + metavar:<28} {words}{required}")
        lines.append("")
    lines.append("--flagfile FILE reads flags from FILE, one per line.")
    return "\n".join(lines)


def expand_flagfiles(argv):
    """Replaces `--flagfile FILE` / `--flagfile=FILE` by the flags in FILE (one per line)."""
    expanded, index = [], 0
    while index < len(argv):
        argument = argv[index]
        if argument == "--flagfile" or argument.startswith("--flagfile="):
            if argument == "--flagfile":
                if index + 1 >= len(argv):
                    raise UsageError("--flagfile needs a file name.")
                path, index = argv[index + 1], index + 2
            else:
                path, index = argument.partition("=")[2], index + 1
            try:
                with open(path, encoding="utf-8") as file:
                    lines = [line.strip() for line in file]
            except UnicodeDecodeError:
                raise UsageError(f"--flagfile {path} is not UTF-8 text.") from None
            except OSError as error:
                raise UsageError(f"--flagfile {path}: {error.strerror}.") from None
            expanded += [line for line in lines if line and not line.startswith("#")]
        else:
            expanded.append(argument)
            index += 1
    return expanded


# === Commands ===


def _train(args):
    overrides = list(args.set)
    for name in ("seed", "data", "test_data", "precision"):
        if getattr(args, name) is not None:
            overrides.append(f"{name}={getattr(args, name)}")
    if args.data is not None and args.test_data is None:
        overrides.append("test_data=")  # Not the recipe's test file for the user's data.
    config = config_lib.apply_overrides(config_lib.load_preset(args.preset), overrides)
    from tf_hebbgan.distribute import check_tf_config, make_strategy
    from tf_hebbgan.trainers import experiment

    if args.strategy == "multi_worker":
        check_tf_config(os.environ.get("TF_CONFIG"))  # Before TensorFlow starts its servers.
    else:
        experiment.check_start(config, args.workdir)  # Data files are read before any write.
    finished = os.path.exists(os.path.join(args.workdir, "results.json")) and (
        config_lib.Config.from_json(os.path.join(args.workdir, "config.json")) == config
    )
    results = experiment.train(config, args.workdir, strategy=make_strategy(args.strategy))
    if finished:
        print(
            f"{args.workdir} holds this run, finished: its figures as recorded (more "
            "adversarial_epochs would continue it).",
            file=sys.stderr,
        )
    _print_results(results)


def _evaluate(args):
    _check_workdir(args.workdir)
    if args.num_samples == 1 and os.path.exists(os.path.join(args.workdir, "vocabulary.txt")):
        raise UsageError(
            "argument --num_samples: a text run's self-BLEU compares its sentences with each "
            "other, so it needs at least 2, got 1"
        )
    from tf_hebbgan.trainers import experiment

    results = experiment.evaluate(args.workdir, args.num_samples, args.seed, args.temperature)
    _print_results(results)


def _sample(args):
    _check_workdir(args.workdir)
    if args.output:
        check_output(args.output, args.workdir, args.overwrite)
    elif args.overwrite:
        raise UsageError("argument --overwrite: it replaces --output, which is not given")
    from tf_hebbgan.trainers import experiment

    chunks = experiment.sample_lines(
        args.workdir,
        args.num_samples,
        args.seed,
        args.temperature,
        prefix=args.prefix,
        readable=not args.tokens,
    )
    if args.output:
        from tf_hebbgan.files import atomic_writer

        # Written as they come, into a temporary file that becomes --output when all are in.
        with atomic_writer(args.output, encoding="utf-8", newline="") as file:
            write_chunks(chunks, file, args.num_samples)
    else:
        write_chunks(chunks, sys.stdout, args.num_samples)


def _export(args):
    _check_workdir(args.workdir)
    from tf_hebbgan import export

    export.check_export(args.workdir, args.out)
    if args.format == "keras":
        from tf_hebbgan.gan import GAN

        GAN.from_run(args.workdir).save(args.out)
        print(f"GAN in {args.out}: {', '.join(sorted(os.listdir(args.out)))}")
        return
    names = export.export_run(args.workdir, args.out)
    print(f"SavedModel in {args.out} with signatures: {', '.join(names)}")


def _presets(args):
    if args.name:
        from tf_hebbgan.recipe_listing import describe_recipe

        print("\n".join(describe_recipe(args.name)))
        return
    for name in config_lib.available_presets():
        print(f"{name:<28} {config_lib.preset_description(name)}")


def _config(args):
    _check_workdir(args.workdir)
    from tf_hebbgan.recipe_listing import describe_run

    print("\n".join(describe_run(args.workdir)))


def _check_workdir(workdir):
    if not os.path.isdir(workdir):
        raise ValueError(f"--workdir {workdir} is not a directory.")
    if not os.path.exists(os.path.join(workdir, "config.json")):
        raise ValueError(f"--workdir {workdir} holds no config.json: not a run directory.")
    from tf_hebbgan import run_checksums

    run_checksums.check(workdir)  # Before TensorFlow loads: a changed file is refused fast.


def _print_results(results):
    import json

    labels = (("nll_oracle", "NLL-oracle"), ("bleu_5", "BLEU-5"), ("self_bleu_5", "self-BLEU-5"))
    shown = [f"{label} {results[key]:.4f}" for key, label in labels if key in results]
    print("  ".join([*shown, f"NLL-test {results['nll_test']:.4f}"]))
    print(json.dumps(results, sort_keys=True))


def _one_line_warning(prog):
    """A `warnings.showwarning` that prints `PROG: warning: MESSAGE` on one line."""

    def show(message, category, filename, lineno, file=None, line=None):
        text = " ".join(str(message).split())
        print(f"{prog}: warning: {text}", file=file or sys.stderr)

    return show


def main(argv=None):
    """Runs the command in `argv` (default: the process's); returns the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    parser, sub = build_parser()
    command = next((arg for arg in argv if arg in COMMANDS), None)
    prog = f"hebbgan {command}" if command else "hebbgan"
    debug = "--debug" in argv
    try:
        args = parser.parse_args(expand_flagfiles(argv))
        if args.command is None:
            if args.help:
                print(help_text(parser, sub))
                return 0
            raise UsageError(f"give a command: {' | '.join(COMMANDS)}")
        command_function = {
            "train": _train,
            "evaluate": _evaluate,
            "sample": _sample,
            "export": _export,
            "presets": _presets,
            "config": _config,
        }[args.command]
        with warnings.catch_warnings():
            warnings.showwarning = _one_line_warning(prog)
            if debug or args.command in ("presets", "config"):
                command_function(args)
            else:
                with filtered_stderr():
                    command_function(args)
        return 0
    except UsageError as error:
        print(f"{prog}: error: {error} (see `{prog} --help`)", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`hebbgan sample ... | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (ValueError, OSError, FloatingPointError) as error:
        if debug:
            raise
        text = " ".join(str(error).split()) or type(error).__name__
        print(f"{prog}: error: {text}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        # On a line of its own, not glued to a progress bar.
        print(f"\n{prog}: interrupted; the same command resumes the run.", file=sys.stderr)
        return 130


def run():
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    run()
