"""`RunData`: what a run trains and is scored on: the SeqGAN oracle's samples or a text corpus."""

import dataclasses

import numpy as np

from tf_hebbgan.data.oracle_data import oracle_splits
from tf_hebbgan.data.text_corpus import TextCorpus


@dataclasses.dataclass
class RunData:
    """Training and test sequences with what a generator needs to know of them.

    `oracle` is set for the synthetic benchmark, `corpus` (a `TextCorpus`) for text; a text
    run's sequences end with `end_token` and are padded after it.
    """

    train_tokens: np.ndarray  # (N, T) int32
    test_tokens: np.ndarray  # (M, T) int32
    vocabulary_size: int
    sequence_length: int
    start_token: int
    end_token: int | None = None
    oracle: object = None
    corpus: TextCorpus | None = None

    @property
    def is_text(self):
        return self.corpus is not None


def load_run_data(config):
    """The data of `config`: its text corpus if `config.data` is set, else the oracle's.

    Raises a one-line ValueError if the training sequences do not fill one batch.
    """
    data = _load(config)
    check_one_batch(config, len(data.train_tokens))
    return data


def check_one_batch(config, count):
    """Refuses `count` training sequences that leave less than one batch to train on."""
    validation = config.validation_size(count)
    training = count - validation
    if training >= config.batch_size:
        return
    source = f"--data {config.data} gives" if config.data else "num_train_samples is"
    held = f", {validation} of them held out for validation" * bool(validation)
    raise ValueError(
        f"{source} {count} training sequences{held}: fewer than one batch of batch_size "
        f"{config.batch_size}. Give more text or set a smaller batch_size."
    )


# The oracle's splits last drawn in this process, by (length, train, test, data seed): a run
# loads its data again after MLE (to start the adversarial phase as a fresh process does),
# and drawing them anew would trace the oracle's sampling again. The draw is seeded and
# stateless, so the kept splits are the ones a new draw gives.
_ORACLE_SPLITS = {}


def _load(config):
    if config.data:
        corpus = TextCorpus.load(config)
        return RunData(
            corpus.train_tokens,
            corpus.test_tokens,
            len(corpus.vocabulary),
            corpus.sequence_length,
            corpus.start_token,
            corpus.end_token,
            corpus=corpus,
        )
    from tf_hebbgan.models.oracle_lstm import SEQGAN_LENGTH, OracleLSTM

    oracle = OracleLSTM.seqgan(sequence_length=config.sequence_length or SEQGAN_LENGTH)
    draw = (config.num_train_samples, config.num_test_samples, config.data_seed)
    key = (oracle.sequence_length, *draw)
    if key not in _ORACLE_SPLITS:
        _ORACLE_SPLITS.clear()  # One data set kept: a process trains on one.
        _ORACLE_SPLITS[key] = oracle_splits(oracle, *draw)
    train_tokens, test_tokens = (tokens.copy() for tokens in _ORACLE_SPLITS[key])
    return RunData(
        train_tokens,
        test_tokens,
        oracle.vocabulary_size,
        oracle.sequence_length,
        oracle.start_token,
        oracle=oracle,
    )
