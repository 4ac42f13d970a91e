"""What a run's workdir must be before anything is written to it, and what it holds.

The file names of a run, the checks `hebbgan train` makes before it writes (the recipe against
the saved one, a writable directory, a pretrained start that matches and loads), and whether a
failed start left anything a resume would use.
"""

import os
import re
import shutil
import sys
import tempfile

from tf_hebbgan import run_checksums
from tf_hebbgan.config import MLE_FIELDS, Config
from tf_hebbgan.data.vocabulary import Vocabulary
from tf_hebbgan.files import write_json
from tf_hebbgan.trainers.checkpoints import SafeCheckpoints
from tf_hebbgan.trainers.mle_phase import CHECKPOINT_DIR, MLE_DISCRIMINATOR_FILES

CONFIG_FILE = "config.json"
RESULTS_FILE = "results.json"
GENERATOR_FILE = "generator.keras"
MLE_GENERATOR_FILE = "generator_mle.keras"
MLE_RESULTS_FILE = "mle_results.json"
VOCABULARY_FILE = "vocabulary.txt"
ADVERSARIAL_CHECKPOINT_DIR = "checkpoints"
# What else an interleaved MLE's start depends on: the discriminator it trained.
DISCRIMINATOR_FIELDS = (
    "discriminator_epochs",
    "discriminator_negatives",
    "discriminator_dropout",
    "discriminator_learning_rate",
    "discriminator_plasticity",
    "precision",
)


def check_start(config, workdir):
    """Raises a ValueError naming the problem if `config` cannot start or resume in `workdir`.

    Checks the fields, that `workdir` is a run directory of this config (or a new or empty
    one), and that a pretrained start to copy exists and matches. Writes nothing.
    """
    config.validate()
    if os.path.exists(workdir) and not os.path.isdir(workdir):
        raise ValueError(f"--workdir {workdir} is a file, not a directory.")
    if os.path.isdir(workdir):
        check_writable(workdir)
    path = os.path.join(workdir, CONFIG_FILE)
    if os.path.exists(path):
        saved = Config.from_json(path)
        if saved != config and not is_extension(saved, config):
            differences = ", ".join(
                f"{name}: {value!r} -> {getattr(config, name)!r}"
                for name, value in saved.to_dict().items()
                if getattr(config, name) != value
            )
            raise ValueError(
                f"{workdir} holds a run with another config ({differences}). Use a new "
                "--workdir, or the same settings to resume it (only adversarial_epochs may "
                "grow: the run then goes on); nothing was changed."
            )
    elif os.path.isdir(workdir) and os.listdir(workdir):
        raise ValueError(f"{workdir} is not empty and holds no {CONFIG_FILE}: not a run dir.")
    if config.pretrained_workdir and not os.path.exists(os.path.join(workdir, MLE_RESULTS_FILE)):
        pretraining_files(config)


def is_extension(saved, config):
    """Whether `config` continues the run of `saved` for more adversarial epochs (steps), the
    rest of the recipe unchanged; raises a ValueError if it would not equal a run trained that
    long from the start (a Gumbel schedule that spans the run's own steps)."""
    others = [
        name
        for name, value in saved.to_dict().items()
        if name != "adversarial_epochs" and getattr(config, name) != value
    ]
    if others or config.adversarial_epochs <= saved.adversarial_epochs:
        return False
    if config.gan == "relgan" and config.gumbel_horizon == 0 and saved.adversarial_epochs:
        raise ValueError(
            "This RelGAN run's temperature schedule spans its own adversarial steps "
            "(gumbel_horizon 0), so more steps would change the steps already taken; "
            "start a new --workdir. Nothing was changed."
        )
    return True


def pretraining_files(config):
    """`{name here: name there}` of the MLE start to copy from `config.pretrained_workdir`."""
    source = config.pretrained_workdir
    if not os.path.exists(source):
        raise ValueError(f"pretrained_workdir {source} does not exist.")
    if not os.path.isdir(source):
        raise ValueError(f"pretrained_workdir {source} is a file, not a run directory.")
    if not os.path.exists(os.path.join(source, CONFIG_FILE)):
        raise ValueError(
            f"pretrained_workdir {source} holds no {CONFIG_FILE}: not a run directory."
        )
    pretrained = Config.from_json(os.path.join(source, CONFIG_FILE))
    files = {MLE_GENERATOR_FILE: MLE_GENERATOR_FILE, MLE_RESULTS_FILE: MLE_RESULTS_FILE}
    if pretrained.adversarial_epochs == 0:
        files = {MLE_GENERATOR_FILE: GENERATOR_FILE, MLE_RESULTS_FILE: RESULTS_FILE}
    if pretrained.leak_refresh_every:  # The discriminator MLE trained; the results last.
        generator, results = files.items()
        files = dict([generator, *((name, name) for name in MLE_DISCRIMINATOR_FILES), results])
    for name in files.values():
        if not os.path.exists(os.path.join(source, name)):
            raise ValueError(f"pretrained_workdir {source} holds no {name}: no finished MLE run.")
    fields = MLE_FIELDS + (DISCRIMINATOR_FIELDS if pretrained.leak_refresh_every else ())
    differences = [
        f"{name}: {getattr(pretrained, name)!r} there, {getattr(config, name)!r} here"
        for name in fields
        if getattr(pretrained, name) != getattr(config, name)
    ]
    if differences:
        raise ValueError(
            f"pretrained_workdir {source} was pretrained differently ({'; '.join(differences)})."
        )
    return files


def check_writable(workdir):
    """Raises a one-line ValueError if files cannot be created in the existing `workdir`."""
    try:
        with tempfile.TemporaryFile(dir=workdir):  # Unnamed where it can be: nothing shows.
            pass
    except OSError as error:
        raise ValueError(
            f"--workdir {workdir} is not writable ({error.strerror}); nothing was changed."
        ) from None


def holds_saved_work(workdir):
    """Whether a run's workdir holds anything a resume would use (a checkpoint, a phase)."""
    saved = [MLE_RESULTS_FILE, RESULTS_FILE]
    if any(os.path.exists(os.path.join(workdir, name)) for name in saved):
        return True
    directories = (CHECKPOINT_DIR, ADVERSARIAL_CHECKPOINT_DIR)
    return any(SafeCheckpoints(None, os.path.join(workdir, name)).paths() for name in directories)


def empty_workdir(workdir):
    """Removes everything in `workdir` (a run's start that failed in it)."""
    for name in os.listdir(workdir):
        path = os.path.join(workdir, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.remove(path)


def check_vocabulary(data, workdir):
    """Refuses to resume a text run whose data now gives another vocabulary."""
    path = os.path.join(workdir, VOCABULARY_FILE)
    if data.is_text and os.path.exists(path) and Vocabulary.load(path) != data.corpus.vocabulary:
        raise ValueError(
            f"Vocabulary mismatch: {path} differs from the vocabulary of the data files "
            "now (were they changed?); nothing was changed."
        )


def extend_run(workdir, config):
    """Turns the run in `workdir` into the longer run of `config`: its results so far are kept
    as `results_EPOCHS.json` (first, so that a kill in between leaves a run that resumes as
    before), then the recipe is replaced. The adversarial phase goes on from its checkpoint."""
    saved = Config.from_json(os.path.join(workdir, CONFIG_FILE))
    results = os.path.join(workdir, RESULTS_FILE)
    if os.path.exists(results):
        earlier = os.path.join(workdir, f"results_{saved.adversarial_epochs}.json")
        os.replace(results, earlier)
    write_json(os.path.join(workdir, CONFIG_FILE), config.to_dict())
    run_checksums.record(workdir)
    print(
        f"Continuing {workdir} from {saved.adversarial_epochs} to {config.adversarial_epochs} "
        "adversarial epochs.",
        file=sys.stderr,
    )


def earlier_results(workdir):
    """The adversarial epochs, sorted, of the `results_EPOCHS.json` files that earlier
    finishes of a continued run left."""
    found = (re.fullmatch(r"results_(\d+)\.json", name) for name in os.listdir(workdir))
    return sorted(int(match.group(1)) for match in found if match)
