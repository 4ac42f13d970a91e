"""Synthetic data from the oracle, and the tf.data pipeline for maximum-likelihood training."""

import tensorflow as tf

from tf_hebbgan.data.pipeline import finished
from tf_hebbgan.data.tokens import check_tokens, end_mask


def oracle_splits(oracle, num_train, num_test, seed):
    """Draws the training and held-out token sets from the oracle: two int32 `(N, T)` arrays.

    Both come from one seed, with different streams (`seed` and `seed + 1`), so a data seed
    names the whole data set whatever the model's seed.
    """
    return oracle.sample(num_train, seed=seed), oracle.sample(num_test, seed=seed + 1)


def _checked(tokens, batch_size, vocabulary_size):
    tokens = check_tokens(tokens, vocabulary_size)
    if batch_size > len(tokens):
        raise ValueError(
            f"batch_size {batch_size} is larger than the {len(tokens)} training sequences."
        )
    return tokens


def _shuffled_batches(tokens, batch_size, seed):
    dataset = tf.data.Dataset.from_tensor_slices((tokens, tokens))
    dataset = dataset.shuffle(len(tokens), seed=seed, reshuffle_each_iteration=True)
    return dataset.batch(batch_size, drop_remainder=True)


def mle_dataset(tokens, batch_size, vocabulary_size, seed=None):
    """A shuffled `tf.data.Dataset` of `(tokens, tokens)` batches for `model.fit`: one epoch.

    Full batches only (as SeqGAN's data loader), so every step has the same shape and the
    compiled step is traced once. Each iteration (Keras makes one per epoch) reshuffles.
    """
    tokens = _checked(tokens, batch_size, vocabulary_size)
    return finished(_shuffled_batches(tokens, batch_size, seed))


def fit_epoch_order(make_batches, steps_per_epoch, first_epoch=0):
    """The batches each epoch of `fit(make_batches())` gets, as one endless dataset.

    `make_batches()` returns a finite dataset that reshuffles per iteration. `fit` makes two
    iterators of it per epoch, so epoch `e` gets reshuffle `2e`; this dataset draws the
    reshuffles in one iterator and skips the odd ones, from epoch `first_epoch` on. With
    `fit(..., steps_per_epoch=steps_per_epoch, initial_epoch=first_epoch)` on it, each epoch
    trains on exactly the batches of the plain `fit` (tested), whoever iterates it how often:
    the reshuffling dataset is made anew inside each iterator, so its seeds start over every
    time. That matters on resume, and under a `tf.distribute` strategy, whose `fit` first
    draws one batch from an iterator of its own (to build the model symbolically).
    """

    @tf.autograph.experimental.do_not_convert
    def epochs(_):
        return make_batches().repeat()

    dataset = tf.data.Dataset.from_tensors(0).flat_map(epochs).enumerate()
    dataset = dataset.filter(lambda index, batch: (index // steps_per_epoch) % 2 == 0)
    dataset = dataset.map(lambda index, batch: batch)
    return dataset.skip(first_epoch * steps_per_epoch)


def resumable_mle_dataset(tokens, batch_size, vocabulary_size, seed, first_epoch=0, end_token=None):
    """The epochs of `model.fit` on `mle_dataset` from `first_epoch` on, endless, same order.

    For `fit(..., steps_per_epoch=len(tokens) // batch_size, initial_epoch=first_epoch)`:
    epoch `e` trains on exactly the batches that epoch `e` of a `fit` on `mle_dataset` gets,
    whatever happened before, so a resumed run trains as an uninterrupted one. That `fit`
    makes two iterators of its dataset per epoch (one when an epoch starts, one when the last
    ran out), and each iterator reshuffles, so epoch `e` gets reshuffle `2e`; here the odd
    reshuffles are drawn and skipped (`fit_epoch_order`; tested against `fit` itself).

    With `end_token` (text) each batch also carries sample weights `(B, T)`: 1 up to and
    including each sequence's end token, 0 after, scaled so that Keras' mean over all `B T`
    positions is the mean over the counted ones.
    """
    tokens = tf.constant(_checked(tokens, batch_size, vocabulary_size))
    dataset = fit_epoch_order(
        lambda: _shuffled_batches(tokens, batch_size, seed),
        len(tokens) // batch_size,
        first_epoch,
    )
    if end_token is not None:

        def weighted(inputs, targets):
            mask = end_mask(targets, end_token)  # (B, T)
            scale = tf.cast(tf.size(mask), tf.float32) / tf.reduce_sum(mask)
            return inputs, targets, mask * scale

        dataset = dataset.map(weighted)
    return finished(dataset)
