"""`CNNDiscriminator`: SeqGAN's text classifier, parallel convolutions + max-over-time + highway."""

import keras
from keras import ops

from tf_hebbgan.layers.highway import Highway
from tf_hebbgan.models.discriminator_parts import (
    body_shapes,
    build_layers,
    check_filters,
    embedding_and_convolutions,
    max_pooled,
    output_layer,
    running_max,
)
from tf_hebbgan.models.distributed_model import DistributedModel

PLASTICITY = (None, "output_sequence", "output_stateful", "highway_stateful")
STATEFUL_PLASTICITY = ("output_stateful", "highway_stateful")


SEQGAN_FILTER_SIZES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20)
SEQGAN_NUM_FILTERS = (100, 200, 200, 200, 200, 100, 100, 100, 100, 100, 160, 160)


@keras.saving.register_keras_serializable(package="tf_hebbgan")
class CNNDiscriminator(DistributedModel):
    """Embedding -> Conv1D + ReLU + max over time per filter size -> Highway -> dropout -> 2 logits.

    Called on tokens `(batch, time)` it returns logits `(batch, 2)`; class 1 is "real", as in
    SeqGAN (`probability_real()` is its softmax). The defaults are SeqGAN's: embedding 64, filter
    sizes 1-10, 15, 20 with 100-200 filters (1,720 features), dropout 0.25 (keep 0.75), and an L2
    penalty of 0.2 on the output layer. SeqGAN adds `0.2 * tf.nn.l2_loss(W, b)`, and
    `tf.nn.l2_loss` halves the sum of squares, so the Keras `L2` factor is `l2 / 2`.

    Args:
        vocabulary_size: number of token ids.
        sequence_length: length of the sequences; every filter size must fit in it.
        embedding_dim: token embedding size.
        filter_sizes: convolution widths.
        num_filters: filters per width.
        dropout: dropout rate before the output layer (0 disables it, as HebbGAN does).
        l2: SeqGAN's `l2_reg_lambda` on the output layer.
        gate_bias: the highway gate's initial bias (SeqGAN's discriminator uses 0).
        plasticity: `None` (SeqGAN), or a HebbGAN output layer, a 2-unit `PlasticDense`:
            `"output_sequence"` runs it over token positions with a trace per sequence, on
            per-prefix features (causal convolutions with a running max over positions; windows
            that reach before the first token count as 0, so the last position sees exactly
            the plain features), and scores a sequence by its last position;
            `"output_stateful"` keeps one trace across training batches (`reset_trace()`
            clears it; inference reads it without changing it). `"highway_stateful"` puts a
            stateful trace on the highway's transform instead (a per-sequence trace there
            would be `(B, F, F)`, F = 1,720) and keeps a plain output.
        plastic_rule: `"hebb"` or `"oja"`, for the plastic layer.
        trace_clip: bound of the plastic layer's trace (`PlasticDense(trace_clip=...)`), or
            `None`. Bounded by default: the layer's inputs are 1,720 unbounded ReLU features
            and its outputs are linear (logits, or the highway's ReLU transform), so the Hebbian
            loop gain `alpha * |x|^2` is far above 1 and an unbounded stateful trace grows
            geometrically to inf within a few hundred batches
            (`benchmarks/plastic_trace_growth.py`).
        **kwargs: standard `keras.Model` arguments; `dtype="mixed_bfloat16"` computes the
            embedding, convolutions and highway in bfloat16 (float32 weights); the output
            layer, its logits and any plastic trace stay float32.
    """

    def __init__(
        self,
        vocabulary_size=5000,
        sequence_length=20,
        embedding_dim=64,
        filter_sizes=SEQGAN_FILTER_SIZES,
        num_filters=SEQGAN_NUM_FILTERS,
        dropout=0.25,
        l2=0.2,
        gate_bias=0.0,
        plasticity=None,
        plastic_rule="hebb",
        trace_clip=1.0,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if plasticity not in PLASTICITY:
            raise ValueError(f"plasticity must be one of {PLASTICITY}; got {plasticity!r}.")
        filter_sizes, num_filters = check_filters(
            filter_sizes, num_filters, sequence_length, dropout, trace_clip
        )
        self.vocabulary_size = vocabulary_size
        self.sequence_length = sequence_length
        self.embedding_dim = embedding_dim
        self.filter_sizes = filter_sizes
        self.num_filters = num_filters
        self.dropout = dropout
        self.l2 = l2
        self.gate_bias = gate_bias
        self.plasticity = plasticity
        self.plastic_rule = plastic_rule
        self.trace_clip = None if trace_clip is None else float(trace_clip)

        # === Layers ===
        self.embedding, self.convolutions = embedding_and_convolutions(
            vocabulary_size, embedding_dim, filter_sizes, num_filters, self.dtype_policy
        )
        self.highway = Highway(
            gate_bias=gate_bias,
            plastic_rule=plastic_rule if plasticity == "highway_stateful" else None,
            trace_clip=self.trace_clip,
            name="highway",
            dtype=self.dtype_policy,
        )
        self.dropout_layer = keras.layers.Dropout(dropout, name="dropout", dtype=self.dtype_policy)
        output_arguments = dict(
            kernel_initializer=keras.initializers.TruncatedNormal(stddev=0.1),
            bias_initializer=keras.initializers.Constant(0.1),
            kernel_regularizer=keras.regularizers.L2(l2 / 2.0),
            bias_regularizer=keras.regularizers.L2(l2 / 2.0),
            name="logits",
            dtype="float32",  # Logits, softmax and rewards in float32 under mixed precision.
        )
        self.output_layer = output_layer(
            2, plasticity, plastic_rule, self.trace_clip, **output_arguments
        )
        # Every shape is known here, so the model is built at once: any public method may
        # come first, eagerly or inside a tf.function or loop, and never creates a weight.
        self.build()

    @property
    def feature_dim(self):
        return sum(self.num_filters)

    def build(self, input_shape=None):
        # Idempotent: loading a .keras file builds the model again from its build config.
        shapes = body_shapes(
            self.embedding, self.convolutions, self.sequence_length, self.embedding_dim
        )
        shapes += [(self.highway, (None, self.feature_dim))]
        shapes += [(self.output_layer, (None, self.feature_dim))]
        build_layers(shapes)
        self.built = True

    def features(self, tokens, training=None):
        """The highway features `(batch, sum(num_filters))` of tokens `(batch, time)`."""
        pooled = max_pooled(self.embedding, self.convolutions, tokens)  # (B, F)
        return self.highway(pooled, training=training)  # (B, F)

    def prefix_features(self, tokens, training=None):
        """Highway features of every prefix, `(batch, time, sum(num_filters))`.

        Position `p` sees the windows that lie inside tokens `0..p`; the last position's
        features are those of `features()`.
        """
        embedded = self.embedding(ops.cast(tokens, "int32"))  # (B, T, E)
        ends = []
        for size, conv in zip(self.filter_sizes, self.convolutions, strict=True):
            window_ends = conv(embedded)  # (B, T - size + 1, F_i): window j ends at j + size - 1.
            ends.append(ops.pad(window_ends, ((0, 0), (size - 1, 0), (0, 0))))  # (B, T, F_i)
        # One running max (a max-pool) over all 1,720 features at once, not one per filter size.
        pooled = running_max(ops.concatenate(ends, axis=-1))  # (B, T, F)
        return self.highway(pooled)  # (B, T, F)

    def call(self, tokens, training=None):
        if self.plasticity == "output_sequence":
            features = self.dropout_layer(self.prefix_features(tokens), training=training)
            return self.output_layer(features)[:, -1]  # (B, 2): the last position.
        features = self.dropout_layer(self.features(tokens, training), training=training)
        if self.plasticity == "output_stateful":
            return self.output_layer(features, training=training)  # (B, 2)
        return self.output_layer(features)  # (B, 2)

    @property
    def stateful_trace(self):
        """Whether the model carries one trace across batches (`reset_trace()` clears it)."""
        return self.plasticity in STATEFUL_PLASTICITY

    def reset_trace(self):
        """Clears the shared trace of a stateful plastic discriminator."""
        if self.plasticity == "output_stateful":
            self.output_layer.reset_trace()
        elif self.plasticity == "highway_stateful":
            self.highway.reset_trace()
        else:
            raise ValueError(
                f"reset_trace() needs a stateful plasticity; this one is {self.plasticity!r}."
            )

    def sequence_traces(self, tokens):
        """Per-sequence traces after the last position: `{layer name: (batch, ...)}`.

        For `"output_sequence"` the output layer's trace `(batch, features, 2)`, what each
        sequence of tokens `(batch, time)` has written into the layer by the time it is
        scored; empty for the other variants (a stateful trace is the layer's `trace`).
        """
        if self.plasticity != "output_sequence":
            return {}
        _, trace = self.output_layer(self.prefix_features(tokens), return_trace=True)
        return {self.output_layer.name: trace}  # (B, F, 2)

    def probability_real(self, tokens):
        """P(real) `(batch,)` of tokens `(batch, time)`, at inference (no dropout)."""
        return ops.softmax(self(tokens, training=False), axis=-1)[:, 1]

    def accuracies(self, positives, negatives):
        """`(real, fake)`: the fractions of `positives` scored real and of `negatives` scored
        fake (`probability_real` at 0.5)."""
        real = ops.convert_to_numpy(self.probability_real(positives))
        fake = ops.convert_to_numpy(self.probability_real(negatives))
        return float((real > 0.5).mean()), float((fake < 0.5).mean())

    # === Config ===

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "vocabulary_size": self.vocabulary_size,
                "sequence_length": self.sequence_length,
                "embedding_dim": self.embedding_dim,
                "filter_sizes": list(self.filter_sizes),
                "num_filters": list(self.num_filters),
                "dropout": self.dropout,
                "l2": self.l2,
                "gate_bias": self.gate_bias,
                "plasticity": self.plasticity,
                "plastic_rule": self.plastic_rule,
                "trace_clip": self.trace_clip,
            }
        )
        return config
