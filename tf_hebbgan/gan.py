"""`GAN`: a trained run's generator, discriminator, vocabulary and recipe, in the Keras format.

    hebbgan export --workdir DIR --out DIR --format keras

The directory holds `generator.keras`, `discriminator.keras` (adversarial runs; plastic ones
with their trace), `config.json` (the recipe) and, for a text run, `vocabulary.txt`. Both
models load with `keras.saving.load_model(path, safe_mode=True)` after `import tf_hebbgan`:
no pickled code, no lambdas.
"""

import dataclasses
import os

import keras

from tf_hebbgan.config import Config
from tf_hebbgan.data.detokenizer import sentences
from tf_hebbgan.data.vocabulary import Vocabulary
from tf_hebbgan.files import load_keras, write_json

GENERATOR_FILE = "generator.keras"
DISCRIMINATOR_FILE = "discriminator.keras"
CONFIG_FILE = "config.json"
VOCABULARY_FILE = "vocabulary.txt"


@dataclasses.dataclass
class GAN:
    """A generator, its discriminator (None after MLE only), the recipe and the vocabulary
    (None for the oracle)."""

    generator: keras.Model
    discriminator: keras.Model | None
    config: Config
    vocabulary: Vocabulary | None = None

    @classmethod
    def from_run(cls, workdir):
        """The finished run in `workdir` (its final generator and newest discriminator)."""
        from tf_hebbgan.export import load_discriminator
        from tf_hebbgan.trainers import experiment
        from tf_hebbgan.trainers.run_precision import run_precision

        # The discriminator is built in the precision it trained in.
        config = run_precision(
            Config.from_json(os.path.join(workdir, experiment.CONFIG_FILE)), workdir
        )
        generator = experiment.load_generator(workdir)
        vocabulary = None
        if experiment.is_text_run(workdir):
            vocabulary = Vocabulary.load(os.path.join(workdir, experiment.VOCABULARY_FILE))
        discriminator = load_discriminator(workdir, config, generator)
        return cls(generator, discriminator, config, vocabulary)

    def save(self, directory):
        """Writes the four files into `directory` (new or empty)."""
        if os.path.exists(directory) and (not os.path.isdir(directory) or os.listdir(directory)):
            raise ValueError(f"{directory} exists and is not an empty directory.")
        os.makedirs(directory, exist_ok=True)
        self.generator.save(os.path.join(directory, GENERATOR_FILE))
        if self.discriminator is not None:
            self.discriminator.save(os.path.join(directory, DISCRIMINATOR_FILE))
        if self.vocabulary is not None:
            self.vocabulary.save(os.path.join(directory, VOCABULARY_FILE))
        write_json(os.path.join(directory, CONFIG_FILE), self.config.to_dict())

    def generate(self, num_samples=1, prefix="", temperature=1.0, seed=None, tokens=False):
        """Sentences from the generator: readable text for a text run (`tokens=True`: its
        tokens joined by spaces), each starting with `prefix` if given; int32 token ids
        `(N, T)` for the oracle.

        Example:

        ```python
        gan = GAN.load("exported/mine")
        gan.generate(3, prefix="a man riding", temperature=0.9, seed=1)
        # ['a man riding a wave on top of a surfboard.', ...]
        ```
        """
        if self.vocabulary is None:
            if prefix:
                raise ValueError("A prefix needs a text run's GAN (it has no vocabulary).")
            return self.generator.sample(num_samples, temperature, seed=seed)
        if prefix:
            ids, lengths = self.vocabulary.encode_prefix(
                prefix, self.config.tokenizer, self.generator.sequence_length, num_samples
            )
            rows = self.generator.complete(ids, lengths, temperature, seed)
        else:
            rows = self.generator.sample(num_samples, temperature, seed=seed)
        return sentences(self.vocabulary, rows, readable=not tokens)

    @classmethod
    def load(cls, directory):
        """The GAN saved in `directory`, or a one-line ValueError naming the bad file."""
        if not os.path.isfile(os.path.join(directory, GENERATOR_FILE)):
            raise ValueError(f"{directory} holds no {GENERATOR_FILE}: not a saved GAN.")
        generator = load_keras(os.path.join(directory, GENERATOR_FILE))
        discriminator = None
        if os.path.exists(os.path.join(directory, DISCRIMINATOR_FILE)):
            discriminator = load_keras(os.path.join(directory, DISCRIMINATOR_FILE))
        config = Config.from_json(os.path.join(directory, CONFIG_FILE))
        vocabulary = None
        if os.path.exists(os.path.join(directory, VOCABULARY_FILE)):
            path = os.path.join(directory, VOCABULARY_FILE)
            vocabulary = Vocabulary.load(path)
            vocabulary.check_size(generator.vocabulary_size, path)
        return cls(generator, discriminator, config, vocabulary)
