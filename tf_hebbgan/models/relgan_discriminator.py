"""`RelGANDiscriminator`: RelGAN's CNN over several embedded representations of (relaxed)
one-hot sequences."""

import keras
from keras import ops

from tf_hebbgan.layers.highway import Highway
from tf_hebbgan.models.discriminator_parts import (
    build_layers,
    check_filters,
    max_over_time,
    output_layer,
    running_max,
)
from tf_hebbgan.models.distributed_model import DistributedModel

PLASTICITY = (None, "output_sequence", "output_stateful")
RELGAN_FILTER_SIZES = (2, 3, 4, 5)
RELGAN_NUM_FILTERS = (300, 300, 300, 300)


@keras.saving.register_keras_serializable(package="tf_hebbgan")
class RelGANDiscriminator(DistributedModel):
    """One-hot `(B, T, V)` x embedding `(V, E)` -> `num_rep` representations of `E / num_rep`
    features -> per representation: Conv1D + ReLU + max over time per filter size -> Highway ->
    dropout -> dense 100 -> one logit. Called on sequences it returns logits `(B, num_rep)`.

    Sequences come in as relaxed one-hot floats `(B, T, V)` (the generator's Gumbel-softmax
    output: the product with the embedding matrix passes the gradient to the generator) or as
    token ids `(B, T)`, looked up (the same numbers as their one-hot times the matrix, without
    the `V`-wide product). The defaults are RelGAN's: embedding 64 in 64 representations of
    one feature, filter sizes 2-5 with 300 filters each, dropout 0.25 (keep 0.75); weights
    start as RelGAN's (truncated normal, stddev `1 / sqrt(fan_in)`, He for the convolutions).

    Args:
        vocabulary_size, sequence_length: of the sequences.
        embedding_dim: E, split into `num_rep` representations.
        num_rep: representations, each scored on its own (RelGAN: 64).
        filter_sizes, num_filters: convolution widths and filters per width.
        dropout: rate before the dense layers.
        plasticity: `None` (RelGAN), or the HebbGAN output: a 1-unit `PlasticDense` logit
            layer; `"output_stateful"` keeps one trace across training batches,
            `"output_sequence"` runs a trace per sequence over the features of its prefixes
            (causal convolutions and a running max, as `CNNDiscriminator`'s) and scores the
            last; it runs the highway on every prefix, T times the plain cost.
        plastic_rule, trace_clip: the plastic layer's.
        **kwargs: standard `keras.Model` arguments; `dtype="mixed_bfloat16"` computes the
            convolutions, highway and dense layers in bfloat16 (float32 weights and logits).

    Example:

    ```python
    import numpy as np

    discriminator = RelGANDiscriminator(10, 5, embedding_dim=4, num_rep=2, num_filters=(3,) * 4)
    logits = discriminator(np.zeros((2, 5), "int32"))  # (2, 2): one per representation
    ```
    """

    def __init__(
        self,
        vocabulary_size=5000,
        sequence_length=20,
        embedding_dim=64,
        num_rep=64,
        filter_sizes=RELGAN_FILTER_SIZES,
        num_filters=RELGAN_NUM_FILTERS,
        dropout=0.25,
        plasticity=None,
        plastic_rule="hebb",
        trace_clip=1.0,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if plasticity not in PLASTICITY:
            raise ValueError(f"plasticity must be one of {PLASTICITY}; got {plasticity!r}.")
        if embedding_dim % num_rep:
            raise ValueError(
                f"embedding_dim ({embedding_dim}) must be a multiple of num_rep ({num_rep})."
            )
        filter_sizes, num_filters = check_filters(
            filter_sizes, num_filters, sequence_length, dropout, trace_clip
        )
        self.vocabulary_size = vocabulary_size
        self.sequence_length = sequence_length
        self.embedding_dim = embedding_dim
        self.num_rep = num_rep
        self.filter_sizes = filter_sizes
        self.num_filters = num_filters
        self.dropout = dropout
        self.plasticity = plasticity
        self.plastic_rule = plastic_rule
        self.trace_clip = None if trace_clip is None else float(trace_clip)

        # === Layers ===
        def normal(fan_in):
            return keras.initializers.TruncatedNormal(stddev=float(fan_in) ** -0.5)

        self.embedding = keras.layers.Dense(
            embedding_dim,
            use_bias=False,
            kernel_initializer=normal(vocabulary_size),
            name="embedding",
            dtype=self.dtype_policy,
        )
        width = embedding_dim // num_rep
        # Convolutions as attributes, not a list, so that TensorFlow checkpoints see them.
        # Their ReLU comes after the max over time (the same values: ReLU is monotone), on
        # `(B*R, F)` instead of the `(B*R, T, F)` maps, 64 times their one-channel inputs.
        for size, filters in zip(filter_sizes, num_filters, strict=True):
            setattr(
                self,
                f"conv_{size}",
                keras.layers.Conv1D(
                    filters,
                    size,
                    kernel_initializer=normal(size * width / 2.0),  # He: sqrt(2 / fan_in).
                    name=f"conv_{size}",
                    dtype=self.dtype_policy,
                ),
            )
        self.highway = Highway(gate_bias=0.0, name="highway", dtype=self.dtype_policy)
        self.dropout_layer = keras.layers.Dropout(dropout, name="dropout", dtype=self.dtype_policy)
        self.dense = keras.layers.Dense(
            100, kernel_initializer=normal(self.feature_dim), name="dense", dtype=self.dtype_policy
        )
        self.output_layer = output_layer(
            1,
            plasticity,
            plastic_rule,
            self.trace_clip,
            kernel_initializer=normal(100),
            name="logits",
            dtype="float32",
        )
        self.build()

    @property
    def feature_dim(self):
        return sum(self.num_filters)

    @property
    def convolutions(self):
        return [getattr(self, f"conv_{size}") for size in self.filter_sizes]

    def build(self, input_shape=None):
        width = self.embedding_dim // self.num_rep
        shapes = [(self.embedding, (None, self.vocabulary_size))]
        shapes += [(conv, (None, self.sequence_length, width)) for conv in self.convolutions]
        shapes += [(self.highway, (None, self.feature_dim)), (self.dense, (None, self.feature_dim))]
        shapes += [(self.output_layer, (None, 100))]
        build_layers(shapes)
        self.built = True

    def representations(self, sequences):
        """The embedded representations `(B * num_rep, T, E / num_rep)` of token ids `(B, T)`
        or (relaxed) one-hot sequences `(B, T, V)`."""
        if len(sequences.shape) == 2:  # Token ids: a lookup equals their one-hot product.
            embedded = ops.take(self.embedding.kernel, ops.cast(sequences, "int32"), axis=0)
            embedded = ops.cast(embedded, self.compute_dtype)  # (B, T, E)
        else:
            embedded = self.embedding(sequences)  # (B, T, E)
        batch, length = ops.shape(embedded)[0], ops.shape(embedded)[1]
        width = self.embedding_dim // self.num_rep
        split = ops.reshape(embedded, (batch, length, self.num_rep, width))  # (B, T, R, S)
        split = ops.transpose(split, (0, 2, 1, 3))  # (B, R, T, S)
        return ops.reshape(split, (batch * self.num_rep, length, width))  # (B*R, T, S)

    def features(self, sequences, training=None):
        """The highway features `(B * num_rep, sum(num_filters))`."""
        embedded = self.representations(sequences)  # (B*R, T, S)
        pooled = [max_over_time(conv(embedded)) for conv in self.convolutions]  # [(B*R, F_i)]
        return self.highway(ops.relu(ops.concatenate(pooled, axis=-1)))  # (B*R, F)

    def prefix_features(self, sequences):
        """Highway features of every prefix, `(B * num_rep, T, sum(num_filters))`."""
        embedded = self.representations(sequences)  # (B*R, T, S)
        ends = []
        for size, conv in zip(self.filter_sizes, self.convolutions, strict=True):
            window_ends = ops.relu(conv(embedded))  # (B*R, T - size + 1, F_i): non-negative.
            ends.append(ops.pad(window_ends, ((0, 0), (size - 1, 0), (0, 0))))  # (B*R, T, F_i)
        return self.highway(running_max(ops.concatenate(ends, axis=-1)))  # (B*R, T, F)

    def call(self, sequences, training=None):
        batch = ops.shape(sequences)[0]
        if self.plasticity == "output_sequence":
            features = self.prefix_features(sequences)  # (B*R, T, F)
        else:
            features = self.features(sequences, training)  # (B*R, F)
        hidden = self.dense(self.dropout_layer(features, training=training))  # (B*R, [T,] 100)
        if self.plasticity == "output_sequence":
            logits = self.output_layer(ops.cast(hidden, "float32"))[:, -1]  # (B*R, 1)
        elif self.plasticity == "output_stateful":
            logits = self.output_layer(ops.cast(hidden, "float32"), training=training)
        else:
            logits = self.output_layer(hidden)  # (B*R, 1)
        return ops.reshape(ops.cast(logits, "float32"), (batch, self.num_rep))  # (B, R)

    @property
    def stateful_trace(self):
        """Whether the model carries one trace across batches (`reset_trace()` clears it)."""
        return self.plasticity == "output_stateful"

    def reset_trace(self):
        """Clears the shared trace of a stateful plastic discriminator."""
        if not self.stateful_trace:
            raise ValueError(f"reset_trace() needs a stateful plasticity; got {self.plasticity!r}.")
        self.output_layer.reset_trace()

    def sequence_traces(self, sequences):
        """Per-sequence traces of `"output_sequence"`: `{name: (B * num_rep, 100, 1)}`."""
        if self.plasticity != "output_sequence":
            return {}
        hidden = ops.cast(self.dense(self.prefix_features(sequences)), "float32")
        _, trace = self.output_layer(hidden, return_trace=True)
        return {self.output_layer.name: trace}

    def probability_real(self, sequences):
        """A score in (0, 1) `(B,)`: the sigmoid of the mean logit over the representations, at
        inference. Under RelGAN's relativistic loss only differences of logits are trained, so
        it ranks sequences rather than giving a calibrated probability."""
        return ops.sigmoid(ops.mean(self(sequences, training=False), axis=-1))

    # === Config ===

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "vocabulary_size": self.vocabulary_size,
                "sequence_length": self.sequence_length,
                "embedding_dim": self.embedding_dim,
                "num_rep": self.num_rep,
                "filter_sizes": list(self.filter_sizes),
                "num_filters": list(self.num_filters),
                "dropout": self.dropout,
                "plasticity": self.plasticity,
                "plastic_rule": self.plastic_rule,
                "trace_clip": self.trace_clip,
            }
        )
        return config
