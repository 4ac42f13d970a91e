"""Run configuration: one dataclass of typed fields, recipes that fill it, `field=value` overrides.

Recipes live in the repository's top-level `models/` (one file per named configuration, each
with a `get_config()`); an installed package carries a copy of them in `tf_hebbgan/_recipes`.
This module imports no TensorFlow, so a bad preset or field fails in a fraction of a second.
"""

import ast
import dataclasses
import difflib
import importlib.util
import json
import math
import os
import re

from tf_hebbgan.precision import PRECISIONS  # No TensorFlow at import.

# The keys of tf_hebbgan.trainers.families.PHASES.
GAN_METHODS = ("seqgan", "maligan", "rankgan", "leakgan", "relgan")
GENERATOR_CELLS = ("lstm", "relational_memory", "leakgan")
GAN_LOSS_NAMES = ("rsgan", "standard", "hinge", "wgan-gp")  # tf_hebbgan.losses.GAN_LOSSES.
GUMBEL_SCHEDULES = ("no", "lin", "exp", "log", "sigmoid", "quad", "sqrt")
MAX_SAMPLES = 10_000_000  # The most sequences a run samples or generates into memory at once.
TEMPERATURE_RANGE = (1e-6, 1e6)  # Sampling temperatures: logits / T stays finite in float32.

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_RECIPE_DIRS = (
    os.path.join(_PACKAGE_DIR, "_recipes"),  # copy made by setup.py in an installed package
    os.path.join(os.path.dirname(_PACKAGE_DIR), "models"),  # source checkout / editable install
)


@dataclasses.dataclass
class Config:
    """Every field of a run. Recipes set them; `--set field=value` overrides them."""

    preset: str = ""  # Name of the recipe this config came from.
    seed: int = 0  # Seed of the model's initialisation, shuffling and sampling.
    data_seed: int = 0  # Seed of the oracle data (train and test), shared across model seeds.
    num_train_samples: int = 10000  # Oracle sequences to train on (SeqGAN: 10,000).
    num_test_samples: int = 10000  # Held-out oracle sequences for NLL-test.
    num_eval_samples: int = 10000  # Generator samples scored by the oracle for NLL-oracle.
    embedding_dim: int = 32  # Generator token embedding size (SeqGAN: 32).
    hidden_dim: int = 32  # Generator LSTM units (SeqGAN: 32).
    generator_plastic_rule: str = ""  # "" (SeqGAN's LSTM), or "hebb" / "oja": PlasticLSTMCell.
    # With a generator_plastic_rule: "" or Backpropamine's "simple" / "retroactive" gated trace.
    generator_neuromodulation: str = ""
    # The generator's cell: "lstm" (SeqGAN's, GSGAN's), "relational_memory" (RelGAN's
    # RelationalMemoryGenerator, sized by the three fields after it; hidden_dim unused) or
    # "leakgan" (LeakGAN's manager and worker, reading SeqGAN's discriminator's features).
    generator_cell: str = "lstm"
    mem_slots: int = 1  # Relational memory rows (RelGAN: 1).
    num_heads: int = 2  # Relational memory attention heads (RelGAN: 2).
    head_size: int = 256  # Relational memory head size (RelGAN: 256; rows of 512).
    leak_goal_size: int = 16  # LeakGAN's worker goal embedding k (16).
    leak_horizon: int = 4  # LeakGAN's manager step c (4).
    batch_size: int = 64  # MLE batch size (SeqGAN: 64).
    mle_epochs: int = 120  # MLE epochs (SeqGAN: PRE_EPOCH_NUM = 120).
    mle_learning_rate: float = 0.01  # Adam learning rate for MLE (SeqGAN: 0.01).
    grad_clip: float = 5.0  # Global-norm gradient clip (SeqGAN: 5.0).
    eval_every: int = 5  # Evaluate NLL-oracle / NLL-test every this many epochs.
    jit_compile: bool = True  # XLA for the MLE train step (measured faster: docs/performance.md).
    # MLE steps per call of the compiled function (Keras' steps_per_execution): the same
    # training, bit for bit (tested), with less per-step overhead (docs/performance.md).
    mle_steps_per_execution: int = 8
    # Early stopping: training sequences held out from MLE as a validation split (0: none);
    # MLE keeps the epoch of lowest validation NLL, and stops after `mle_patience` epochs
    # without a lower one (0: runs all mle_epochs). Never the test set.
    mle_validation_size: int = 0
    mle_patience: int = 0  # Epochs without a lower validation NLL before MLE stops (0: never).
    # With mle_validation_size 0: this fraction of the training sequences held out instead
    # (for one's own text, whose size a recipe cannot know).
    mle_validation_fraction: float = 0.0
    pretrained_workdir: str = ""  # Reuse the MLE pretraining of this workdir (same MLE fields).
    # --- Text (off while data = ""; the SeqGAN oracle is the data then) ---
    # Training text, one sentence per line (UTF-8); "tf_hebbgan:assets/NAME" is a bundled file.
    data: str = ""
    # Held-out text for NLL-test and BLEU; "": the last 10% of the training file's lines.
    test_data: str = ""
    tokenizer: str = "nltk"  # "nltk" (nltk's word_tokenize, lower-cased) or "whitespace".
    min_count: int = 1  # Words seen fewer times in the training file become <unk>.
    max_vocabulary_size: int = 0  # Keep the most frequent words only (0: all).
    # Tokens per sequence, end token included (0: longest + 1, <= 64); without `data`, the
    # length of the oracle's sequences (0: the benchmark's 20).
    sequence_length: int = 0
    # --- Adversarial phase (off while adversarial_epochs = 0) ---
    # The adversarial method, looked up in tf_hebbgan.trainers.families: "seqgan" (REINFORCE
    # with Monte-Carlo rollouts), "maligan" (REINFORCE with MaliGAN's normalised sequence
    # reward), "rankgan" (REINFORCE with rollouts, rewarded by a ranker's rank score) or
    # "relgan" (Gumbel-softmax: RelGAN, or GSGAN with the LSTM).
    gan: str = "seqgan"
    # SeqGAN: adversarial epochs (paper: 200). RelGAN: adversarial steps (paper: 3,000), each
    # one generator update and discriminator_steps discriminator updates.
    adversarial_epochs: int = 0
    generator_learning_rate: float = 0.01  # Adam for the generator's REINFORCE steps (0.01).
    discriminator_pretrain_rounds: int = 50  # Rounds of fresh negatives before (SeqGAN: 50).
    # SeqGAN: rounds of fresh negatives per adversarial epoch (5). RelGAN: discriminator
    # updates per generator update, each on a fresh generated batch (5).
    discriminator_steps: int = 5
    discriminator_epochs: int = 3  # Epochs over each round's data (SeqGAN: 3).
    discriminator_negatives: int = 10000  # Fresh generator samples per round (10,000).
    discriminator_dropout: float = 0.25  # Dropout before the output layer (keep 0.75).
    # SeqGAN's filter counts (1,720 filters) times this, at least one per size: below 1 for a
    # cheaper discriminator (the LeakGAN leak and RankGAN's ranker follow it).
    discriminator_filter_scale: float = 1.0
    discriminator_learning_rate: float = 1e-4  # Adam (SeqGAN: 1e-4).
    # A plastic discriminator: "" (none), "output_sequence", "output_stateful" or
    # "highway_stateful" (docs/design.md, "Models").
    discriminator_plasticity: str = ""
    discriminator_plastic_rule: str = "hebb"  # "hebb" or "oja", for a plastic discriminator.
    # Bound of the plastic discriminator's trace: unbounded, a stateful trace diverges.
    discriminator_trace_clip: float = 1.0
    num_rollouts: int = 16  # Monte-Carlo completions per prefix (SeqGAN: 16).
    rollout_rate: float = 0.8  # Delay r of the rollout network; 0 = the public code's.
    pg_baseline: bool = False  # Subtract the batch-mean reward per step (SeqGAN: no).
    pg_reduction: str = "mean"  # "mean" over the batch, or "sum" as SeqGAN's code.
    moment_weight: float = 0.0  # Moment-matching term in the generator loss (blog: 0.1).
    # Evaluate every this many adversarial epochs / steps (0: eval_every).
    adversarial_eval_every: int = 0
    # --- RankGAN's ranker (gan = "rankgan") ---
    rank_gamma: float = 1.0  # Inverse temperature of the ranking softmax (Texygen's 1).
    rank_references: int = 16  # Real reference sentences U, drawn anew every round.
    rank_comparison: int = 64  # Real sentences C+ each generated one is ranked against.
    # --- LeakGAN (gan = "leakgan", generator_cell = "leakgan") ---
    leak_rescale: float = 16.0  # Sharpness of the rank rescaling of the rewards (16).
    leak_interleave_mle: bool = True  # An MLE step on real text after each generator step.
    # Interleaved pretraining: every this many MLE epochs, leak_refresh_rounds discriminator
    # rounds, then the leak is refreshed (LeakGAN's code: 5 rounds every 8 of 80 epochs). The
    # discriminator leaves MLE trained, and the adversarial phase pretrains it no further.
    # 0: MLE reads the untrained discriminator's features (not LeakGAN's training).
    leak_refresh_every: int = 0
    leak_refresh_rounds: int = 5  # Discriminator rounds before each refresh.
    # --- Gumbel-softmax family (gan = "relgan") ---
    gan_loss: str = "rsgan"  # "rsgan" (RelGAN's), "standard", "hinge" or "wgan-gp".
    # RelGAN's inverse-temperature schedule: no, lin, exp, log, sigmoid, quad or sqrt, from 1
    # to gumbel_beta_max (the paper's "maximum temperature") over gumbel_horizon steps (0: the
    # run's adversarial steps; RelGAN's code fixes it at 5,000).
    gumbel_schedule: str = "exp"
    gumbel_beta_max: float = 100.0  # The schedule's end: RelGAN's "maximum temperature" (100).
    gumbel_horizon: int = 0  # Steps over which the schedule rises (0: the adversarial steps).
    discriminator_embedding_dim: int = 64  # RelGAN's discriminator embedding (64).
    discriminator_num_rep: int = 64  # Its representations, each scored on its own (64).
    relgan_num_filters: int = 300  # RelGAN discriminator's filters per size (2-5; 300).
    # The discriminator's compute: "float32", "mixed_bfloat16" (bf16 matmuls and convolutions,
    # float32 weights, logits and trace), or "auto" (bf16 where this machine measures it faster:
    # tf_hebbgan/precision.py), chosen at the run's first start and kept in its precision.json
    # so that a resume cannot switch. The run's results.json records what was used.
    precision: str = "auto"

    def validate(self):
        """Raises ValueError naming the first field with an impossible value."""
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, float) and not math.isfinite(value):
                raise ValueError(f"{field.name} must be a finite number; got {value}.")
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**31:
                raise ValueError(f"{field.name} must lie below 2**31; got {value}.")
        for name in ("num_train_samples", "num_test_samples", "num_eval_samples"):
            if getattr(self, name) > MAX_SAMPLES:
                raise ValueError(
                    f"{name} must be at most {MAX_SAMPLES:,} (the sequences are held in "
                    f"memory at once); got {getattr(self, name):,}."
                )
        for name in ("seed", "data_seed"):
            if not 0 <= getattr(self, name) < 2**31:
                raise ValueError(f"{name} must lie in [0, 2**31); got {getattr(self, name)}.")
        positive = (
            "num_train_samples",
            "num_test_samples",
            "num_eval_samples",
            "embedding_dim",
            "hidden_dim",
            "batch_size",
            "mle_epochs",
            "mle_steps_per_execution",
            "mle_learning_rate",
            "generator_learning_rate",
            "grad_clip",
            "eval_every",
            "discriminator_steps",
            "discriminator_epochs",
            "discriminator_negatives",
            "discriminator_learning_rate",
            "discriminator_trace_clip",
            "num_rollouts",
            "rank_gamma",
            "rank_references",
            "rank_comparison",
            "leak_goal_size",
            "leak_horizon",
            "leak_rescale",
        )
        for name in positive:
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive; got {getattr(self, name)}.")
        for name in (
            "mem_slots",
            "num_heads",
            "head_size",
            "discriminator_num_rep",
            "relgan_num_filters",
        ):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive; got {getattr(self, name)}.")
        if self.gan not in GAN_METHODS:
            raise ValueError(f"gan must be one of {GAN_METHODS}; got {self.gan!r}.")
        if self.generator_cell not in GENERATOR_CELLS:
            raise ValueError(
                f"generator_cell must be one of {GENERATOR_CELLS}; got {self.generator_cell!r}."
            )
        if self.generator_neuromodulation not in ("", "simple", "retroactive"):
            raise ValueError(
                "generator_neuromodulation must be '', 'simple' or 'retroactive'; got "
                f"{self.generator_neuromodulation!r}."
            )
        if self.generator_neuromodulation and not self.generator_plastic_rule:
            raise ValueError("generator_neuromodulation needs a generator_plastic_rule.")
        if self.generator_cell != "lstm" and self.generator_plastic_rule:
            raise ValueError("generator_plastic_rule needs generator_cell = 'lstm'.")
        if self.gan_loss not in GAN_LOSS_NAMES:
            raise ValueError(f"gan_loss must be one of {GAN_LOSS_NAMES}; got {self.gan_loss!r}.")
        if self.gumbel_schedule not in GUMBEL_SCHEDULES:
            raise ValueError(
                f"gumbel_schedule must be one of {GUMBEL_SCHEDULES}; got {self.gumbel_schedule!r}."
            )
        if not 1.0 <= self.gumbel_beta_max <= 1e4:
            raise ValueError(f"gumbel_beta_max must lie in [1, 1e4]; got {self.gumbel_beta_max}.")
        if self.gumbel_horizon < 0 or self.gumbel_horizon == 1 or self.adversarial_eval_every < 0:
            raise ValueError("gumbel_horizon must be 0 or >= 2, adversarial_eval_every >= 0.")
        if self.discriminator_embedding_dim % self.discriminator_num_rep:
            raise ValueError(
                f"discriminator_embedding_dim ({self.discriminator_embedding_dim}) must be a "
                f"multiple of discriminator_num_rep ({self.discriminator_num_rep})."
            )
        if self.gan == "rankgan" and self.discriminator_plasticity:
            raise ValueError(
                "gan 'rankgan' has no plastic ranker: set discriminator_plasticity ''."
            )
        if (self.gan == "leakgan") != (self.generator_cell == "leakgan"):
            raise ValueError(
                "gan 'leakgan' and generator_cell 'leakgan' go together: LeakGAN's generator "
                "reads its discriminator's features."
            )
        if self.gan == "leakgan" and (self.discriminator_plasticity or self.moment_weight):
            raise ValueError(
                "gan 'leakgan' leaks a plain CNN discriminator's features and takes no moment "
                "matching: set discriminator_plasticity '' and moment_weight 0."
            )
        if self.gan == "relgan" and self.discriminator_plasticity == "highway_stateful":
            raise ValueError("gan 'relgan' has no highway_stateful plasticity.")
        if self.mle_validation_size < 0 or self.mle_patience < 0:
            raise ValueError("mle_validation_size and mle_patience must be >= 0.")
        if not 0.0 <= self.mle_validation_fraction < 1.0:
            raise ValueError(
                f"mle_validation_fraction must lie in [0, 1); got {self.mle_validation_fraction}."
            )
        if self.mle_patience and not (self.mle_validation_size or self.mle_validation_fraction):
            raise ValueError(
                "mle_patience needs a validation split: set mle_validation_size or "
                "mle_validation_fraction."
            )
        if self.leak_refresh_every < 0 or self.leak_refresh_rounds <= 0:
            raise ValueError(
                "leak_refresh_every must be >= 0 and leak_refresh_rounds positive; got "
                f"{self.leak_refresh_every} and {self.leak_refresh_rounds}."
            )
        if self.leak_refresh_every and self.gan != "leakgan":
            raise ValueError("leak_refresh_every needs gan 'leakgan': only LeakGAN has a leak.")
        if self.adversarial_epochs < 0 or self.discriminator_pretrain_rounds < 0:
            raise ValueError("adversarial_epochs and discriminator_pretrain_rounds must be >= 0.")
        if not 0.0 <= self.rollout_rate <= 1.0:
            raise ValueError(f"rollout_rate must lie in [0, 1]; got {self.rollout_rate}.")
        if not 0.0 < self.discriminator_filter_scale <= 10.0:
            raise ValueError(
                "discriminator_filter_scale must lie in (0, 10]; got "
                f"{self.discriminator_filter_scale}."
            )
        if not 0.0 <= self.discriminator_dropout < 1.0:
            raise ValueError(
                f"discriminator_dropout must lie in [0, 1); got {self.discriminator_dropout}."
            )
        plasticities = ("", "output_sequence", "output_stateful", "highway_stateful")
        if self.discriminator_plasticity not in plasticities:
            raise ValueError(
                f"discriminator_plasticity must be one of {plasticities}; "
                f"got {self.discriminator_plasticity!r}."
            )
        if self.generator_plastic_rule not in ("", "hebb", "oja"):
            raise ValueError(
                f"generator_plastic_rule must be '', 'hebb' or 'oja'; got "
                f"{self.generator_plastic_rule!r}."
            )
        if self.discriminator_plastic_rule not in ("hebb", "oja"):
            raise ValueError(
                f"discriminator_plastic_rule must be 'hebb' or 'oja'; got "
                f"{self.discriminator_plastic_rule!r}."
            )
        if self.precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {PRECISIONS}; got {self.precision!r}.")
        if self.moment_weight < 0:
            raise ValueError(f"moment_weight must be >= 0; got {self.moment_weight}.")
        if self.pg_reduction not in ("mean", "sum"):
            raise ValueError(f"pg_reduction must be 'mean' or 'sum'; got {self.pg_reduction!r}.")
        if self.tokenizer not in ("nltk", "whitespace"):
            raise ValueError(f"tokenizer must be 'nltk' or 'whitespace'; got {self.tokenizer!r}.")
        if self.min_count < 1 or self.max_vocabulary_size < 0:
            raise ValueError("min_count must be >= 1 and max_vocabulary_size >= 0.")
        if self.sequence_length < 0 or self.sequence_length == 1:
            raise ValueError(f"sequence_length must be 0 or >= 2; got {self.sequence_length}.")
        if self.test_data and not self.data:
            raise ValueError("test_data needs data (a training text file).")
        if self.batch_size > self.num_train_samples and not self.data:
            raise ValueError(
                f"batch_size ({self.batch_size}) exceeds num_train_samples "
                f"({self.num_train_samples})."
            )
        return self

    def validation_size(self, count):
        """How many of `count` training sequences MLE holds out for early stopping."""
        if self.mle_validation_size:
            return self.mle_validation_size
        return int(round(self.mle_validation_fraction * count))

    def to_dict(self):
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, values):
        values = dict(values)
        if "generator_learning_rate" not in values and "mle_learning_rate" in values:
            # Configs written before the field existed: the adversarial generator learned at
            # the MLE rate, so a resumed run goes on as it began.
            values["generator_learning_rate"] = values["mle_learning_rate"]
        if "precision" not in values:
            values["precision"] = "float32"  # Configs written before the field: float32 runs.
        known = {field.name for field in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"Unknown config fields: {unknown}.")
        return cls(**values)

    @classmethod
    def from_json(cls, path):
        try:
            with open(path) as file:
                values = json.load(file)
        except (OSError, json.JSONDecodeError) as error:
            raise ValueError(f"Could not read the config {path}: {error}") from error
        return cls.from_dict(values)


# The fields that determine the outcome of MLE pretraining: two runs that agree on them can
# share one pretrained generator.
MLE_FIELDS = (
    "seed",
    "data_seed",
    "data",
    "test_data",
    "tokenizer",
    "min_count",
    "max_vocabulary_size",
    "sequence_length",
    "num_train_samples",
    "num_test_samples",
    "embedding_dim",
    "hidden_dim",
    "generator_plastic_rule",
    "generator_neuromodulation",
    "generator_cell",
    "mem_slots",
    "num_heads",
    "head_size",
    "leak_goal_size",
    "leak_horizon",
    "leak_refresh_every",
    "leak_refresh_rounds",
    "batch_size",
    "mle_epochs",
    "mle_learning_rate",
    "grad_clip",
    "mle_validation_size",
    "mle_validation_fraction",
    "mle_patience",
)


def _parse_value(name, kind, text):
    if kind is bool:
        lowered = text.strip().lower()
        if lowered in ("true", "1", "yes"):
            return True
        if lowered in ("false", "0", "no"):
            return False
        raise ValueError(f"Bad value for {name}: {text!r} is not a boolean (true or false).")
    try:
        return kind(text)
    except ValueError:
        raise ValueError(f"Bad value for {name}: {text!r} is not {kind.__name__}.") from None


def apply_overrides(config, overrides):
    """Applies `field=value` strings to a copy of `config`, typed by the field's annotation."""
    fields = {field.name: field for field in dataclasses.fields(config)}
    changes = {}
    for override in overrides:
        name, sep, text = override.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ValueError(f"Bad override {override!r}: write it as field=value.")
        if name not in fields:
            close = difflib.get_close_matches(name, fields, n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise ValueError(f"Unknown config field {name!r}.{hint}")
        kind = {"int": int, "float": float, "bool": bool, "str": str}[
            getattr(fields[name].type, "__name__", fields[name].type)
        ]
        changes[name] = _parse_value(name, kind, text)
    return dataclasses.replace(config, **changes).validate()


def available_presets():
    """Names of the recipes found, sorted."""
    names = set()
    for directory in _RECIPE_DIRS:
        if os.path.isdir(directory):
            names.update(
                name[:-3]
                for name in os.listdir(directory)
                if name.endswith(".py") and not name.startswith("_")
            )
    return sorted(names)


def preset_description(name):
    """The summary of the recipe called `name`: its docstring's first paragraph on one line
    ("" if it has none).

    Read without running the recipe, so listing the presets costs no imports.
    """
    for directory in _RECIPE_DIRS:
        path = os.path.join(directory, f"{name}.py")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as file:
                docstring = ast.get_docstring(ast.parse(file.read())) or ""
            return " ".join(docstring.strip().split("\n\n")[0].split())
    raise ValueError(f"Unknown preset {name!r}.")


def load_preset(name):
    """The `Config` of the recipe called `name`, or ValueError listing the known presets."""
    if not re.fullmatch(r"[a-z0-9_]+", name or ""):
        raise ValueError(f"Bad preset name {name!r}: use lower-case letters, digits and '_'.")
    for directory in _RECIPE_DIRS:
        path = os.path.join(directory, f"{name}.py")
        if os.path.isfile(path):
            spec = importlib.util.spec_from_file_location(f"tf_hebbgan_recipe_{name}", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            config = module.get_config()
            return dataclasses.replace(config, preset=name).validate()
    raise ValueError(
        f"Unknown preset {name!r}. Available presets: {', '.join(available_presets())}."
    )
