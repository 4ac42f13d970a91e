"""Synthetic data from the oracle, and the tf.data pipeline for maximum-likelihood training."""

import tensorflow as tf

from tf_hebbgan.data.tokens import check_tokens


def oracle_splits(oracle, num_train, num_test, seed):
    """Draws the training and held-out token sets from the oracle: two int32 `(N, T)` arrays.

    Both come from one seed, with different streams (`seed` and `seed + 1`), so a data seed
    names the whole data set whatever the model's seed.
    """
    return oracle.sample(num_train, seed=seed), oracle.sample(num_test, seed=seed + 1)


def mle_dataset(tokens, batch_size, vocabulary_size, seed=None):
    """A shuffled `tf.data.Dataset` of `(tokens, tokens)` batches for `model.fit`.

    Full batches only (as SeqGAN's data loader), so every step has the same shape and the
    compiled step is traced once.
    """
    tokens = check_tokens(tokens, vocabulary_size)
    if batch_size > len(tokens):
        raise ValueError(
            f"batch_size {batch_size} is larger than the {len(tokens)} training sequences."
        )
    dataset = tf.data.Dataset.from_tensor_slices((tokens, tokens))
    dataset = dataset.shuffle(len(tokens), seed=seed, reshuffle_each_iteration=True)
    return dataset.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
