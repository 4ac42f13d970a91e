"""`LeakedFeatures`: a CNN discriminator's features of a growing prefix, one token at a time.

LeakGAN's generator reads the discriminator's feature vector of the prefix it has written so
far at every step. Running the discriminator's convolutions over the whole prefix at each
step costs `T` times a forward pass per sequence; this layer keeps the embeddings of the last
`w_max - 1` tokens and the running max of the closed windows, so that a token costs one
product per filter size, of the window that closes with it and that size's kernel. The
features are those of `CNNDiscriminator.prefix_features`: max-over-time of the windows that
lie inside the prefix (0 where none does), through the highway; tested equal to it.

The weights are a copy of a discriminator's embedding, convolutions and highway, refreshed
with `copy_from(discriminator)` after each discriminator round (the public LeakGAN code's
`update_feature_function`); they are not trained through the generator.
"""

import keras
import numpy as np
import tensorflow as tf

_HIGHWAY_SHAPES = (
    ("transform_kernel", lambda square: square),
    ("transform_bias", lambda square: square[:1]),
    ("gate_kernel", lambda square: square),
    ("gate_bias", lambda square: square[:1]),
)


@keras.saving.register_keras_serializable(package="tf_hebbgan")
class LeakedFeatures(keras.layers.Layer):
    """Streaming prefix features of a SeqGAN CNN discriminator's body (not trainable).

    Args:
        vocabulary_size: the discriminator's vocabulary.
        embedding_dim: the discriminator's embedding size (SeqGAN: 64).
        filter_sizes, num_filters: the discriminator's convolutions.
        **kwargs: standard `keras.layers.Layer` arguments.

    Example:

    ```python
    leak = LeakedFeatures(10, 4, (1, 2), (3, 5))
    state = leak.initial_state(2)
    state = leak.step(tf.constant([3, 4]), state)  # the prefix holds one token
    features = leak.features(state)  # (2, 8)
    ```
    """

    def __init__(self, vocabulary_size, embedding_dim, filter_sizes, num_filters, **kwargs):
        kwargs.setdefault("trainable", False)
        super().__init__(**kwargs)
        self.vocabulary_size = int(vocabulary_size)
        self.embedding_dim = int(embedding_dim)
        self.filter_sizes = tuple(int(size) for size in filter_sizes)
        self.num_filters = tuple(int(count) for count in num_filters)
        if len(self.filter_sizes) != len(self.num_filters) or not self.filter_sizes:
            raise ValueError(
                f"filter_sizes and num_filters must be non-empty and of one length; got "
                f"{self.filter_sizes} and {self.num_filters}."
            )
        self.feature_dim = sum(self.num_filters)
        # The embeddings of the last w_max - 1 tokens, oldest first: every window that can
        # still close, flattened.
        self.history_dim = (max(self.filter_sizes) - 1) * self.embedding_dim
        self._sizes = np.concatenate(
            [np.full(count, size, np.float32) for size, count in self._filters()]
        )  # (F,): each feature's window size.

    def _filters(self):
        return zip(self.filter_sizes, self.num_filters, strict=True)

    def build(self, input_shape=None):
        # Plain non-trainable variables, no sublayers: `trainable = True` on a model that holds
        # the leak (Keras propagates it to sublayers) cannot make them trainable.
        self.embeddings = self.add_weight(
            shape=(self.vocabulary_size, self.embedding_dim), name="embeddings", trainable=False
        )
        # Each variable an attribute of its own: a tf.train.Checkpoint does not reach
        # variables held in a list attribute of a Keras 3 layer (a resumed run found them
        # at their initial values).
        for size, count in self._filters():
            for name, shape in (("kernel", (size, self.embedding_dim, count)), ("bias", (count,))):
                variable = self.add_weight(shape=shape, name=f"conv_{size}_{name}", trainable=False)
                setattr(self, f"conv_{size}_{name}", variable)
        square = (self.feature_dim, self.feature_dim)
        for name, shape in _HIGHWAY_SHAPES:  # SeqGAN's highway: transform, then gate.
            variable = self.add_weight(shape=shape(square), name=name, trainable=False)
            setattr(self, name, variable)
        self.built = True

    def _ensure_built(self):
        # The leak is used through its methods, never called: the first use builds it.
        if not self.built:
            self.build()

    @property
    def kernels(self):
        """The convolution kernels `(w, E, F_w)`, one per filter size."""
        return [getattr(self, f"conv_{size}_kernel") for size in self.filter_sizes]

    @property
    def biases(self):
        return [getattr(self, f"conv_{size}_bias") for size in self.filter_sizes]

    @property
    def highway_weights(self):
        """The highway's transform kernel and bias, then its gate's."""
        return [getattr(self, name) for name, _ in _HIGHWAY_SHAPES]

    def copy_from(self, discriminator):
        """Sets the weights to `discriminator`'s (a `CNNDiscriminator` of the same sizes)."""
        self._ensure_built()
        if (
            tuple(discriminator.filter_sizes) != self.filter_sizes
            or tuple(discriminator.num_filters) != self.num_filters
            or discriminator.embedding.output_dim != self.embedding_dim
        ):
            raise ValueError(
                f"The discriminator's filters {tuple(discriminator.filter_sizes)} x "
                f"{tuple(discriminator.num_filters)} and embedding "
                f"{discriminator.embedding.output_dim} do not match the leak's "
                f"{self.filter_sizes} x {self.num_filters} and {self.embedding_dim}."
            )
        if discriminator.highway.plastic_rule is not None:
            raise ValueError("A discriminator with a plastic highway cannot leak its features.")
        self.embeddings.assign(discriminator.embedding.embeddings)
        for kernel, bias, conv in zip(
            self.kernels, self.biases, discriminator.convolutions, strict=True
        ):
            kernel.assign(conv.kernel)
            bias.assign(conv.bias)
        highway = discriminator.highway
        sources = (highway.transform.kernel, highway.transform.bias)
        sources += (highway.gate.kernel, highway.gate.bias)
        for target, source in zip(self.highway_weights, sources, strict=True):
            target.assign(source)

    def initial_state(self, batch_size):
        """The empty prefix: `[closed max (B, F), last tokens' embeddings (B, history_dim),
        tokens (B, 1)]`."""
        return [
            tf.zeros([batch_size, self.feature_dim]),
            tf.zeros([batch_size, self.history_dim]),
            tf.zeros([batch_size, 1]),
        ]

    def step(self, tokens, state, embedded=None):
        """The state after appending `tokens` `(B,)` to each prefix (or their `embedded`
        vectors `(B, E)`, looked up by the caller)."""
        closed, history, count = state
        self._ensure_built()
        if embedded is None:
            embedded = tf.gather(self.embeddings, tf.cast(tokens, tf.int32))  # (B, E)
        count = count + 1.0  # (B, 1): tokens in the prefix, this one included.
        window = tf.concat([history, embedded], axis=1)  # (B, w_max E): the last w_max tokens.
        # Each filter size's window that closes with this token, times that size's kernel: a
        # product per size. (Keeping a partial sum per open window instead moves ~10 times
        # as many floats a step, and ran ~6 times slower at SeqGAN's filters.)
        done = tf.concat(
            [
                window[:, -size * self.embedding_dim :]  # (B, w E): the last w tokens
                @ tf.reshape(kernel, [size * self.embedding_dim, -1])  # (w E, F_w)
                for size, kernel in zip(self.filter_sizes, self.kernels, strict=True)
            ],
            axis=1,
        )  # (B, F)
        done = done + tf.concat(self.biases, 0)
        # The window exists once w tokens came; 0 is neutral for the max, since f >= 0.
        done = tf.where(count >= self._sizes, tf.nn.relu(done), 0.0)
        closed = tf.maximum(closed, done)  # (B, F)
        return [closed, window[:, self.embedding_dim :], count]

    def features(self, state):
        """The highway features `(B, F)` of the prefixes in `state`."""
        return self.highway(state[0])

    def highway(self, pooled):
        """The discriminator's highway (ReLU transform, sigmoid gate) of `pooled` `(..., F)`."""
        self._ensure_built()
        transform_kernel, transform_bias, gate_kernel, gate_bias = self.highway_weights
        transformed = tf.nn.relu(pooled @ transform_kernel + transform_bias)  # (..., F)
        gate = tf.sigmoid(pooled @ gate_kernel + gate_bias)  # (..., F)
        return gate * transformed + (1.0 - gate) * pooled

    def prefix_features(self, tokens):
        """The features of every prefix of tokens `(B, T)`, empty one first: `(B, T + 1, F)`;
        row `t` is the prefix of the first `t` tokens. Batched convolutions, for training."""
        self._ensure_built()
        embedded = tf.gather(self.embeddings, tf.cast(tokens, tf.int32))  # (B, T, E)
        length, known = tf.shape(tokens)[1], tokens.shape[1]
        ends = []
        for size, kernel, bias in zip(self.filter_sizes, self.kernels, self.biases, strict=True):
            # Sequences shorter than the window (possible unless the length is known): one
            # window over zeros, never kept below.
            short = known is None or known < size
            inputs = embedded
            if short:
                padding = [[0, 0], [0, tf.maximum(size - length, 0)], [0, 0]]
                inputs = tf.pad(embedded, padding)  # (B, max(T, w), E)
            windows = tf.nn.relu(tf.nn.conv1d(inputs, kernel, 1, "VALID") + bias)
            # windows (B, T - w + 1, F_w): window j closes the prefix of j + w tokens.
            windows = tf.pad(windows, [[0, 0], [size, 0], [0, 0]])  # (B, T + 1, F_w) if T >= w
            ends.append(windows[:, : length + 1] if short else windows)  # (B, T + 1, F_w)
        ends = tf.concat(ends, axis=-1)  # (B, T + 1, F): window ends at row t closes prefix t.
        # A running max over the rows, for a length known or not when traced.
        pooled = tf.scan(tf.maximum, tf.transpose(ends, [1, 0, 2]))  # (T + 1, B, F)
        return self.highway(tf.transpose(pooled, [1, 0, 2]))  # (B, T + 1, F)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "vocabulary_size": self.vocabulary_size,
                "embedding_dim": self.embedding_dim,
                "filter_sizes": list(self.filter_sizes),
                "num_filters": list(self.num_filters),
            }
        )
        return config
