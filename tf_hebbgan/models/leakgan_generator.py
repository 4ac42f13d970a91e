"""`LeakGANGenerator`: LeakGAN's hierarchical generator (Guo et al. 2018), fed the features a
CNN discriminator leaks."""

import keras
import tensorflow as tf

from tf_hebbgan.layers.leakgan_cell import LeakGANCell
from tf_hebbgan.layers.token_and_id_embedding import TokenAndIdEmbedding
from tf_hebbgan.losses.leakgan import manager_cosines
from tf_hebbgan.models.lstm_generator import LSTMGenerator


@keras.saving.register_keras_serializable(package="tf_hebbgan")
class LeakGANGenerator(LSTMGenerator):
    """A manager and a worker LSTM (`LeakGANCell`) reading a discriminator's prefix features.

    Everything but the cell and the logits is `LSTMGenerator`'s: the teacher-forced call that
    `fit` trains by MLE, `sample()`, `complete()`, `nll()`, the step functions the rollouts
    use, and so NLL-oracle, BLEU, export and `hebbgan sample`. The leaked features are a copy
    of a discriminator's body that `leak_from(discriminator)` refreshes; until then they are
    those of a random discriminator. In training, the call adds the manager's goal loss
    `-mean cos(f_{t+c} - f_t, g_t)` (LeakGAN's manager pretraining) to the model's losses.

    Args:
        vocabulary_size, embedding_dim, hidden_dim, sequence_length, start_token,
            sample_batch_size, seed, end_token, pad_token: as `LSTMGenerator` (LeakGAN:
            embedding and hidden 32).
        goal_size: `k`, the worker's goal embedding (16).
        horizon: `c`, the manager's step (4).
        leak_embedding_dim, filter_sizes, num_filters: the discriminator whose features leak
            (SeqGAN's: 64, sizes 1-10, 15, 20 with 1,720 filters in all).
        **kwargs: standard `keras.Model` arguments.

    Example:

    ```python
    from tf_hebbgan.models import CNNDiscriminator

    discriminator = CNNDiscriminator(10, 6, 4, filter_sizes=(1, 2), num_filters=(4, 4))
    generator = LeakGANGenerator(
        10, 8, 8, filter_sizes=(1, 2), num_filters=(4, 4), leak_embedding_dim=4, sequence_length=6
    )
    generator.leak_from(discriminator)
    logits, features, goals = generator.hierarchy(generator.sample(3, seed=0))
    # logits (3, 6, 10); features and goals (3, 6, 8)
    ```
    """

    def __init__(
        self,
        vocabulary_size=5000,
        embedding_dim=32,
        hidden_dim=32,
        goal_size=16,
        horizon=4,
        leak_embedding_dim=64,
        filter_sizes=(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20),
        num_filters=(100, 200, 200, 200, 200, 100, 100, 100, 100, 100, 160, 160),
        sequence_length=20,
        start_token=0,
        sample_batch_size=2000,
        seed=None,
        end_token=None,
        pad_token=0,
        **kwargs,
    ):
        self._cell_arguments = dict(
            goal_size=int(goal_size),
            horizon=int(horizon),
            leak_embedding_dim=int(leak_embedding_dim),
            filter_sizes=tuple(int(size) for size in filter_sizes),
            num_filters=tuple(int(count) for count in num_filters),
        )
        super().__init__(
            vocabulary_size=vocabulary_size,
            embedding_dim=embedding_dim,
            hidden_dim=hidden_dim,
            sequence_length=sequence_length,
            start_token=start_token,
            sample_batch_size=sample_batch_size,
            seed=seed,
            end_token=end_token,
            pad_token=pad_token,
            **kwargs,
        )
        for name, value in self._cell_arguments.items():
            setattr(self, name, value)

    def _make_layers(self):
        initializer = keras.initializers.RandomNormal(stddev=0.1)
        embedding = TokenAndIdEmbedding(
            self.vocabulary_size,
            self.embedding_dim,
            embeddings_initializer=initializer,
            name="embedding",
        )
        cell = LeakGANCell(
            self.hidden_dim,
            vocabulary_size=self.vocabulary_size,
            name="leakgan_cell",
            **self._cell_arguments,
        )
        output_layer = keras.layers.Dense(  # W of O_t = reshape(W [h_t; 1], (V, k)).
            self.vocabulary_size,
            use_bias=False,
            kernel_initializer=initializer,
            name="logits",
            dtype=self.dtype_policy,
        )
        return embedding, cell, output_layer

    def _layer_shapes(self):
        goal_size = self._cell_arguments["goal_size"]
        return (
            (self.embedding, (None, None)),
            (self.lstm, (None, None, self.embedding_dim + 1)),  # The token id rides along.
            (self.output_layer, (None, (self.hidden_dim + 1) * goal_size)),  # [h; 1] (x) w.
        )

    @property
    def feature_dim(self):
        return self.cell.feature_dim

    def _logits(self, hidden):
        """`O_t w_t` from the cell's output `[h_t, w_t, f_t, g_t]` `(..., H + k + 2F)`: one
        product of `[h_t; 1] (x) w_t` with `W` `((H + 1) k, V)`, never forming `O_t`."""
        units, goal_size = self.hidden_dim, self._cell_arguments["goal_size"]
        worker, direction, _, _ = self.cell.split_output(hidden)  # (..., H), (..., k)
        worker = tf.concat([worker, tf.ones_like(worker[..., :1])], axis=-1)  # (..., H + 1)
        outer = worker[..., :, None] * direction[..., None, :]  # (..., H + 1, k)
        width = (units + 1) * goal_size
        flat = tf.reshape(outer, tf.concat([tf.shape(outer)[:-2], [width]], axis=0))
        flat.set_shape(hidden.shape[:-1].concatenate([width]))  # (..., (H + 1) k)
        return tf.cast(self.output_layer(flat), tf.float32)  # (..., V)

    def hierarchy(self, tokens, training=None, leaked=None):
        """Teacher-forced on tokens `(B, T)`: the logits `(B, T, V)`, the leaked features
        `f_t` of each prefix `y_<t` `(B, T, F)` and the manager's goals `g_t` `(B, T, F)`.

        The features of every prefix come from one batched pass of the leak
        (`leaked_features`, or `leaked` `(B, T + 1, F)` if the caller has them); only the
        manager and the worker step through time. Stepping the cell gives the same outputs
        (tested); its streaming leak is for sampling.
        """
        tokens = tf.cast(tokens, tf.int32)  # (B, T)
        start = tf.fill([tf.shape(tokens)[0], 1], self.start_token)  # (B, 1)
        inputs = tf.concat([start, tokens[:, :-1]], axis=1)  # (B, T)
        embedded = self.embedding(inputs)[..., :-1]  # (B, T, E): without the token id.
        if leaked is None:
            leaked = self.leaked_features(tokens)  # (B, T + 1, F)
        features = tf.stop_gradient(leaked[:, :-1])  # (B, T, F): of y_<t, not trained.
        outputs = self.cell.teacher_forced(embedded, features, training=training)
        goals = self.cell.split_output(outputs)[3]  # (B, T, F)
        return self._logits(outputs), features, goals

    def call(self, tokens, training=None):
        logits, features, goals = self.hierarchy(tokens, training=training)
        if training:  # The manager's goal loss, LeakGAN's manager pretraining.
            horizon = self._cell_arguments["horizon"]
            self.add_loss(-tf.reduce_mean(manager_cosines(features, goals, horizon)))
        return logits  # (B, T, V)

    def leaked_features(self, tokens):
        """The leaked features of every prefix of tokens `(B, T)`, the empty one first and the
        whole sequence last: `(B, T + 1, F)`, by batched convolutions."""
        return self.cell.leak.prefix_features(tokens)

    def leak_from(self, discriminator):
        """Copies `discriminator`'s embedding, convolutions and highway into the leak."""
        self.cell.leak.copy_from(discriminator)

    def get_config(self):
        config = super().get_config()
        del config["plastic_rule"], config["neuromodulation"]
        config.update(
            {
                name: list(value) if isinstance(value, tuple) else value
                for name, value in self._cell_arguments.items()
            }
        )
        return config
