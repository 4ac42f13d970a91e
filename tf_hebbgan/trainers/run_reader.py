"""Reading a run's workdir: its generator (with fallbacks to checkpoints), figures and samples.

What `hebbgan sample`, `evaluate`, export and the `GAN` bundle read. A run still training or
interrupted gives its newest checkpoint's generator and says that it is not the final one; a
saved generator that cannot be read falls back to the newest good checkpoint, and says so.
"""

import os
import sys

import numpy as np
import tensorflow as tf

from tf_hebbgan import run_checksums
from tf_hebbgan.config import MAX_SAMPLES, Config
from tf_hebbgan.data import detokenizer
from tf_hebbgan.data.recall_corpus import SEPARATOR
from tf_hebbgan.data.vocabulary import Vocabulary
from tf_hebbgan.files import load_keras
from tf_hebbgan.metrics.recall import recall_scores
from tf_hebbgan.models.lstm_generator import LSTMGenerator
from tf_hebbgan.trainers.checkpoints import SafeCheckpoints
from tf_hebbgan.trainers.evaluation import evaluate_generator, final_evaluation_seed
from tf_hebbgan.trainers.mle_phase import CHECKPOINT_DIR, build_generator
from tf_hebbgan.trainers.run_data import load_run_data
from tf_hebbgan.trainers.workdir_checks import (
    ADVERSARIAL_CHECKPOINT_DIR,
    CONFIG_FILE,
    GENERATOR_FILE,
    MLE_GENERATOR_FILE,
    RESULTS_FILE,
    VOCABULARY_FILE,
    check_vocabulary,
)
from tf_hebbgan.workdir_lock import training_pid


def _read_generator(path):
    generator = load_keras(path)
    if not isinstance(generator, LSTMGenerator):
        raise ValueError(f"{path} holds a {type(generator).__name__}, not a generator.")
    return generator


def load_generator(workdir, name=None, data=None):
    """The generator saved in `workdir` (the final one by default), or a ValueError.

    A generator that cannot be read is rebuilt from the run's newest good checkpoint (for
    the final one: adversarial, else MLE; for the MLE one: MLE), with a one-line notice.
    `data` (the run's `RunData`) gives the vocabulary and length for that (default: loaded
    from the run's config).
    """
    run_checksums.check(workdir)
    name = name or GENERATOR_FILE
    path = os.path.join(workdir, name)
    directories = (ADVERSARIAL_CHECKPOINT_DIR, CHECKPOINT_DIR)
    if name == MLE_GENERATOR_FILE:
        directories = (CHECKPOINT_DIR,)
    if name == GENERATOR_FILE and not os.path.exists(os.path.join(workdir, RESULTS_FILE)):
        return _unfinished_generator(workdir, directories, data)
    try:
        if not os.path.exists(path):
            raise ValueError(f"{workdir} holds no {name}: train a model there first.")
        return _read_generator(path)
    except ValueError as error:
        generator = _from_checkpoints(workdir, directories, data)
        if generator is None:
            raise
        # A notice, not output: stderr, so it never mixes into sampled sentences.
        notice = f"{error} Using the generator of the newest good checkpoint instead."
        print(notice, file=sys.stderr)
        return generator


def _unfinished_generator(workdir, directories, data):
    """The newest checkpoint's generator of a run still training or interrupted, with a notice
    that it is not the final one."""
    pid = training_pid(workdir)
    if pid is not None:
        state = f"is still training (PID {pid})" if pid else "is still training"
    else:
        state = "holds an unfinished run (the same `hebbgan train` command resumes it)"
    generator = _from_checkpoints(workdir, directories, data)
    if generator is None:
        raise ValueError(f"{workdir} {state} and has no checkpoint yet: nothing to read.")
    print(
        f"{workdir} {state}: using the generator of its newest checkpoint, not the final one.",
        file=sys.stderr,
    )
    return generator


def _from_checkpoints(workdir, directories, data=None):
    """The generator of the newest readable checkpoint in `directories`, or None."""
    config = Config.from_json(os.path.join(workdir, CONFIG_FILE))
    data = data or load_run_data(config)
    generator = build_generator(config, data)  # Built once: a load draws as much.
    for directory in directories:
        checkpoints = SafeCheckpoints(
            tf.train.Checkpoint(generator=generator), os.path.join(workdir, directory)
        )
        for path in checkpoints.paths():
            try:
                checkpoints.checkpoint.read(path).expect_partial()
                return generator
            except Exception:  # Unreadable: the next older one.
                continue
    return None


# === Using a finished run ===


def evaluate(workdir, num_samples=None, seed=None, temperature=1.0):
    """The figures of the generator in `workdir` on the run's own data.

    The oracle: NLL-oracle of `num_samples` samples drawn with `seed` at `temperature`, and
    the tempered model's NLL-test. Text: BLEU-2..5 and self-BLEU-2..5 of `num_samples`
    sentences, and NLL-test of the test sentences. By default (`num_samples` and `seed`
    None) the samples are those of the run's final figures, so these are reproduced.
    """
    config, data, generator = _scored_run(workdir)
    count = num_samples or config.num_eval_samples
    seed = final_evaluation_seed(config) if seed is None else seed
    return evaluate_generator(generator, data, count, seed, temperature)


def recall(workdir):
    """`recall_scores` of the generator in `workdir`, a run on a recall corpus, on its test
    lines (`tf_hebbgan.metrics.recall`), the separator looked up in the run's vocabulary."""
    _, data, generator = _scored_run(workdir)
    tokens = data.corpus.vocabulary.tokens if data.is_text else []
    if SEPARATOR not in tokens:
        raise ValueError(f"{workdir} was not trained on a recall corpus: no {SEPARATOR!r} token.")
    return recall_scores(generator, data.test_tokens, tokens.index(SEPARATOR))


def _scored_run(workdir):
    """The run's config, its data (its vocabulary checked against the run's) and generator."""
    config = Config.from_json(os.path.join(workdir, CONFIG_FILE))
    data = load_run_data(config)
    check_vocabulary(data, workdir)
    return config, data, load_generator(workdir, data=data)


def sample(workdir, num_samples, seed=None, temperature=1.0):
    """`num_samples` sequences from the generator in `workdir`: int32 `(N, T)`."""
    return np.asarray(load_generator(workdir).sample(num_samples, temperature, seed=seed))


def sample_text(workdir, num_samples, seed=None, temperature=1.0):
    """`num_samples` sentences (strings) from the generator of a text run in `workdir`."""
    if not is_text_run(workdir):
        raise ValueError(f"{workdir} holds no {VOCABULARY_FILE}: not a text run.")
    rows = sample_lines(workdir, num_samples, seed, temperature)
    return [sentence for chunk in rows for sentence in chunk]


def sample_lines(workdir, num_samples, seed=None, temperature=1.0, prefix="", readable=True):
    """`sample` / `sample_text` as they are drawn: lists of output lines, a chunk of the
    generator's `sample_batch_size` at a time, the same lines in the same order as one call.

    A text run gives readable sentences (`readable=False`: its tokens joined by spaces), and
    with a `prefix` (words) completions of it; an oracle run gives token ids.
    """
    config = Config.from_json(os.path.join(workdir, CONFIG_FILE))
    vocabulary = None
    if is_text_run(workdir):
        path = os.path.join(workdir, VOCABULARY_FILE)
        vocabulary = Vocabulary.load(path)
    elif prefix:
        raise ValueError(f"--prefix needs a text run; {workdir} is an oracle run.")
    generator = load_generator(workdir)
    if vocabulary is not None:
        vocabulary.check_size(generator.vocabulary_size, path)
    if prefix:
        if num_samples > MAX_SAMPLES:
            raise ValueError(f"With a prefix, --num_samples is at most {MAX_SAMPLES:,}.")
        ids, lengths = vocabulary.encode_prefix(
            prefix, config.tokenizer, generator.sequence_length, num_samples
        )
        chunks = generator.complete_chunks(ids, lengths, temperature, seed)
    else:
        chunks = generator.sample_chunks(num_samples, temperature, seed=seed)
    for tokens in chunks:
        if vocabulary is None:
            yield [" ".join(str(token) for token in row) for row in tokens]
        else:
            yield detokenizer.sentences(vocabulary, tokens, readable)


def is_text_run(workdir):
    return os.path.exists(os.path.join(workdir, VOCABULARY_FILE))
