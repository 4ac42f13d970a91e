"""Data: oracle samples, token checks and tf.data pipelines."""

from tf_hebbgan.data.oracle_data import mle_dataset, oracle_splits, resumable_mle_dataset
from tf_hebbgan.data.tokens import check_tokens

__all__ = ["check_tokens", "mle_dataset", "oracle_splits", "resumable_mle_dataset"]
