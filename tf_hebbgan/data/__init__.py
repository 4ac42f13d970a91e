"""Data: oracle samples, text corpora and their vocabulary, tokenizing, detokenizing, token
checks and tf.data pipelines."""

from tf_hebbgan.data.detokenizer import detokenize, detokenize_lines
from tf_hebbgan.data.oracle_data import mle_dataset, oracle_splits, resumable_mle_dataset
from tf_hebbgan.data.pattern_episodes import pattern_episodes
from tf_hebbgan.data.pipeline import data_autotune, finished, pipeline_options, set_data_autotune
from tf_hebbgan.data.text_corpus import TextCorpus
from tf_hebbgan.data.tokenizer import tokenize, tokenize_lines
from tf_hebbgan.data.tokens import check_tokens, end_mask, pad_after_end
from tf_hebbgan.data.vocabulary import Vocabulary

__all__ = [
    "TextCorpus",
    "Vocabulary",
    "check_tokens",
    "data_autotune",
    "detokenize",
    "detokenize_lines",
    "end_mask",
    "finished",
    "mle_dataset",
    "oracle_splits",
    "pad_after_end",
    "pattern_episodes",
    "pipeline_options",
    "resumable_mle_dataset",
    "set_data_autotune",
    "tokenize",
    "tokenize_lines",
]
