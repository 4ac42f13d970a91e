"""SavedModel export of a trained run: serving signatures that need only TensorFlow to load.

    hebbgan export --workdir DIR --out DIR

Signatures (Keras' `ExportArchive`, so each is a TF-Serving endpoint too):
- `sample(num_samples, temperature, seed)` -> `tokens` int32 `(N, T)`, and for a text run
  `sentences` (readable text) and `words` (the tokens joined by spaces): the library's
  `LSTMGenerator.sample(N, temperature, seed=seed)` token for token (the same chunks of
  `sample_batch_size` and per-chunk seeds).
- `complete(prefixes, temperature, seed)` (text runs) -> the same outputs, one completion of
  each prefix: `LSTMGenerator.complete` / `GAN.generate(prefix=...)` token for token.
- `log_prob(tokens)` -> per-sequence log-likelihood `(N,)` (for text, over the positions up
  to and including the end token); a text run also has `log_prob_text(sentences)`, which
  tokenizes, looks up and pads inside the graph (the vocabulary travels in the SavedModel).
- `score(tokens)` -> the discriminator's P(real) `(N,)`, for an adversarial run. A plastic
  discriminator keeps its semantics: a per-sequence trace is computed in the signature, a
  stateful trace is frozen at its trained value.
"""

import os
import tempfile

import keras
import tensorflow as tf

from tf_hebbgan.data.detokenizer import detokenize
from tf_hebbgan.data.tokenizer import tokenize
from tf_hebbgan.data.tokens import end_mask, pad_after_end
from tf_hebbgan.data.vocabulary import END_ID, PAD_ID
from tf_hebbgan.optimizers.fused_adam import FusedAdam
from tf_hebbgan.trainers import experiment
from tf_hebbgan.trainers.checkpoints import SafeCheckpoints
from tf_hebbgan.trainers.families import adversarial_phase
from tf_hebbgan.workdir_lock import training_pid


def check_export(workdir, out_dir):
    """Raises a one-line ValueError if `workdir` cannot be exported to `out_dir`."""
    if not os.path.exists(os.path.join(workdir, experiment.RESULTS_FILE)):
        pid = training_pid(workdir)
        training = f" (it is still training, PID {pid})" if pid else ""
        raise ValueError(f"--workdir {workdir} holds no finished run to export{training}.")
    if os.path.exists(out_dir) and (not os.path.isdir(out_dir) or os.listdir(out_dir)):
        raise ValueError(f"--out {out_dir} exists and is not an empty directory.")
    parent = os.path.dirname(os.path.abspath(out_dir))
    while not os.path.exists(parent):  # Missing parents are created: the nearest that exists.
        parent = os.path.dirname(parent)
    try:
        os.rmdir(tempfile.mkdtemp(dir=parent))  # Tried, not asked: root passes os.access.
    except OSError:
        raise ValueError(f"--out {out_dir}: {parent} is not a writable directory.") from None


def load_discriminator(workdir, config, generator):
    """The trained discriminator of an adversarial run (from its newest checkpoint), or None."""
    checkpoints = SafeCheckpoints(
        None, os.path.join(workdir, experiment.ADVERSARIAL_CHECKPOINT_DIR)
    )
    paths = checkpoints.paths()
    if config.adversarial_epochs == 0 or not paths:
        return None
    discriminator = adversarial_phase(config).build_discriminator(
        config, generator.vocabulary_size, generator.sequence_length
    )
    # The convolutions are a list attribute, which Keras 3 does not expose to TensorFlow's
    # object graph: the checkpoint holds them through the optimizer's variable list, so they
    # are restored through an optimizer built on the same variables in the same order.
    optimizer = FusedAdam()
    optimizer.build(discriminator.trainable_variables)
    checkpoint = tf.train.Checkpoint(discriminator=discriminator, discriminator_optimizer=optimizer)
    checkpoint.read(paths[0]).expect_partial()
    return discriminator


class _Exported(tf.Module):
    """The functions behind the signatures, with what they use tracked as attributes."""

    def __init__(self, generator, discriminator=None, vocabulary=None, tokenizer="nltk"):
        super().__init__()
        self.generator = generator
        self.discriminator = discriminator
        self.vocabulary = vocabulary
        self.tokenizer = tokenizer
        if vocabulary is not None:
            self.lookup = vocabulary.lookup()
            self.inverse = vocabulary.inverse()
            self.lookup(tf.constant([""]))  # Built by a first call, as export needs.
            self.inverse(tf.constant([PAD_ID]))

    def sample(self, num_samples, temperature, seed):
        def draw(start, size, batch_seed):
            return self.generator.sample_batch(size, temperature, batch_seed)

        return self.text_outputs(self._in_chunks(num_samples, seed, draw))

    def complete(self, prefixes, temperature, seed):
        length = self.generator.sequence_length
        words = tokenize(prefixes, self.tokenizer)  # (N, None)
        ids = self.vocabulary.encode_words(words, length)  # (N, T)
        lengths = tf.minimum(tf.cast(words.row_lengths(), tf.int32), length - 1)  # (N,)

        def draw(start, size, batch_seed):
            rows = tf.range(start, start + size)
            return self.generator.complete_batch(
                tf.gather(ids, rows), tf.gather(lengths, rows), temperature, batch_seed
            )

        return self.text_outputs(self._in_chunks(tf.shape(ids)[0], seed, draw))

    def _in_chunks(self, total, seed, draw):
        """`draw(start, size, seed)`'s `(size, T)` tokens over `total` rows in chunks of
        `sample_batch_size`, seeded as `LSTMGenerator.sample` / `complete` seed theirs."""
        chunk = self.generator.sample_batch_size
        base = tf.stack([0, tf.cast(tf.math.floormod(seed, 2**31), tf.int32)])
        count = (total + chunk - 1) // chunk

        def body(index, parts):
            size = tf.minimum(chunk, total - index * chunk)
            batch_seed = tf.random.experimental.stateless_fold_in(base, index)
            return index + 1, parts.write(index, draw(index * chunk, size, batch_seed))

        parts = tf.TensorArray(tf.int32, size=count, infer_shape=False)
        _, parts = tf.while_loop(lambda index, _: index < count, body, (0, parts))
        return tf.ensure_shape(parts.concat(), [None, self.generator.sequence_length])  # (N, T)

    def text_outputs(self, tokens):
        """`tokens`, and for a text run `sentences` (readable) and `words` (tokens joined)."""
        outputs = {"tokens": tokens}
        if self.vocabulary is not None:
            keep = (end_mask(tokens, END_ID) > 0) & tf.not_equal(tokens, END_ID)
            keep &= tf.not_equal(tokens, PAD_ID)
            words = tf.ragged.boolean_mask(self.inverse(tokens), keep)  # (N, None)
            outputs["words"] = tf.strings.reduce_join(words, axis=1, separator=" ")  # (N,)
            outputs["sentences"] = detokenize(outputs["words"])  # (N,)
        return outputs

    def log_prob(self, tokens):
        tokens = tf.cast(tokens, tf.int32)
        logits = self.generator(tokens, training=False)  # (N, T, V)
        log_probs = -tf.nn.sparse_softmax_cross_entropy_with_logits(tokens, logits)  # (N, T)
        if self.generator.end_token is not None:
            log_probs *= end_mask(tokens, self.generator.end_token)
        return {"log_prob": tf.reduce_sum(log_probs, axis=1)}

    def encode(self, sentences):
        words = tokenize(sentences, self.tokenizer)  # (N, None)
        return self.vocabulary.encode_words(words, self.generator.sequence_length)

    def log_prob_text(self, sentences):
        return self.log_prob(self.encode(sentences))

    def score(self, tokens):
        tokens = tf.cast(tokens, tf.int32)
        if self.generator.end_token is not None:
            tokens = pad_after_end(tokens, self.generator.end_token)
        return {"p_real": self.discriminator.probability_real(tokens)}


def export_run(workdir, out_dir):
    """Writes the SavedModel of the finished run in `workdir` to `out_dir`; returns the
    signature names."""
    check_export(workdir, out_dir)
    from tf_hebbgan.gan import GAN  # It reads the discriminator with load_discriminator.

    gan = GAN.from_run(workdir)
    generator, discriminator, vocabulary = gan.generator, gan.discriminator, gan.vocabulary
    module = _Exported(generator, discriminator, vocabulary, gan.config.tokenizer)
    length = generator.sequence_length
    tokens_spec = tf.TensorSpec([None, length], tf.int32, name="tokens")
    archive = keras.export.ExportArchive()
    archive.track(generator)
    if discriminator is not None:
        archive.track(discriminator)
    if vocabulary is not None:
        archive.track(module.lookup)
        archive.track(module.inverse)
    archive.add_endpoint(
        "sample",
        module.sample,
        input_signature=[
            tf.TensorSpec([], tf.int32, name="num_samples"),
            tf.TensorSpec([], tf.float32, name="temperature"),
            tf.TensorSpec([], tf.int64, name="seed"),
        ],
    )
    archive.add_endpoint("log_prob", module.log_prob, input_signature=[tokens_spec])
    if vocabulary is not None:
        archive.add_endpoint(
            "complete",
            module.complete,
            input_signature=[
                tf.TensorSpec([None], tf.string, name="prefixes"),
                tf.TensorSpec([], tf.float32, name="temperature"),
                tf.TensorSpec([], tf.int64, name="seed"),
            ],
        )
        archive.add_endpoint(
            "log_prob_text",
            module.log_prob_text,
            input_signature=[tf.TensorSpec([None], tf.string, name="sentences")],
        )
    if discriminator is not None:
        archive.add_endpoint("score", module.score, input_signature=[tokens_spec])
    os.makedirs(out_dir, exist_ok=True)
    archive.write_out(out_dir, verbose=False)
    names = ["sample", "log_prob"]
    names += ["complete", "log_prob_text"] if vocabulary is not None else []
    names += ["score"] if discriminator is not None else []
    return names


def load_exported(path):
    """`tf.saved_model.load(path)`, or a one-line ValueError naming a missing or corrupt one."""
    if not os.path.exists(os.path.join(path, "saved_model.pb")):
        raise ValueError(f"{path} holds no saved_model.pb: not a SavedModel directory.")
    try:
        return tf.saved_model.load(path)
    except Exception as error:  # TensorFlow raises many kinds for a damaged SavedModel.
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ValueError(f"{path} is a corrupt SavedModel: {first[:200]}") from None
