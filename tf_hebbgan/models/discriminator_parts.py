"""Pieces the CNN discriminators and the ranker share: argument checks, the filters that fit a
length, SeqGAN's embedding and convolutions, the running max over positions, and the (possibly
plastic) output layer."""

import keras
from keras import ops

from tf_hebbgan.layers.plastic_dense import PlasticDense


def check_filters(filter_sizes, num_filters, sequence_length, dropout, trace_clip):
    """The filter sizes and counts as tuples, or a ValueError naming the bad argument."""
    filter_sizes, num_filters = tuple(filter_sizes), tuple(num_filters)
    if len(filter_sizes) != len(num_filters) or not filter_sizes:
        raise ValueError(
            f"filter_sizes and num_filters must be non-empty and of one length; got "
            f"{len(filter_sizes)} and {len(num_filters)}."
        )
    if max(filter_sizes) > sequence_length:
        raise ValueError(
            f"Filter size {max(filter_sizes)} does not fit in sequences of length "
            f"{sequence_length}."
        )
    if not 0.0 <= dropout < 1.0:
        raise ValueError(f"dropout must lie in [0, 1); got {dropout}.")
    if trace_clip is not None and not float(trace_clip) > 0.0:
        raise ValueError(f"trace_clip must be positive or None; got {trace_clip}.")
    return filter_sizes, num_filters


def fitting_filters(filter_sizes, num_filters, sequence_length):
    """The `(sizes, counts)` of the filters no longer than `sequence_length` (a corpus of short
    sentences); unchanged where every size fits."""
    kept = [
        (size, count)
        for size, count in zip(filter_sizes, num_filters, strict=True)
        if size <= sequence_length
    ]
    return tuple(size for size, _ in kept), tuple(count for _, count in kept)


def embedding_and_convolutions(
    vocabulary_size, embedding_dim, filter_sizes, num_filters, dtype_policy
):
    """SeqGAN's token embedding (uniform in [-1, 1]) and a Conv1D + ReLU per filter size
    (truncated normal 0.1, bias 0.1): `(embedding, [convolutions])`."""
    embedding = keras.layers.Embedding(
        vocabulary_size,
        embedding_dim,
        embeddings_initializer=keras.initializers.RandomUniform(-1.0, 1.0),
        name="embedding",
        dtype=dtype_policy,
    )
    convolutions = [
        keras.layers.Conv1D(
            filters,
            size,
            activation="relu",
            kernel_initializer=keras.initializers.TruncatedNormal(stddev=0.1),
            bias_initializer=keras.initializers.Constant(0.1),
            name=f"conv_{size}",
            dtype=dtype_policy,
        )
        for size, filters in zip(filter_sizes, num_filters, strict=True)
    ]
    return embedding, convolutions


def max_pooled(embedding, convolutions, tokens):
    """Each filter's max over time of tokens `(B, T)`, concatenated: `(B, sum(num_filters))`."""
    embedded = embedding(ops.cast(tokens, "int32"))  # (B, T, E)
    pooled = [max_over_time(conv(embedded)) for conv in convolutions]  # [(B, F_i)]
    return ops.concatenate(pooled, axis=-1)  # (B, F)


def max_over_time(values):
    """Max over time of `(B, T, F)` values: `(B, F)`.

    A max-pool of width T: one op whose gradient routes to the argmax, where `ops.max`'s
    gradient makes five passes over the full-size values (compare, cast, count, divide,
    multiply). The two differ only where a filter's maximum is reached at two positions.
    """
    return ops.max_pool(values, pool_size=values.shape[1], strides=1, padding="valid")[:, 0]


def body_shapes(embedding, convolutions, sequence_length, embedding_dim):
    """`(layer, input_shape)` of the embedding and the convolutions, for `build_layers`."""
    shapes = [(embedding, (None, sequence_length))]
    return shapes + [
        (convolution, (None, sequence_length, embedding_dim)) for convolution in convolutions
    ]


def running_max(values):
    """Running max over time of non-negative `(B, T, F)` values.

    A max-pool of width T over the values padded with T - 1 zeros in front (zeros are the
    identity of a max of non-negative values): one op whose gradient routes to the argmax,
    where a log-step doubling of shifted slices costs a full-size slice gradient per level.
    """
    length = values.shape[1]
    padded = ops.pad(values, ((0, 0), (length - 1, 0), (0, 0)))  # (B, 2T - 1, F)
    return ops.max_pool(padded, pool_size=length, strides=1, padding="valid")  # (B, T, F)


def output_layer(units, plasticity, plastic_rule, trace_clip, **arguments):
    """A `Dense(units)`, or for `"output_sequence"` / `"output_stateful"` the HebbGAN output: a
    `PlasticDense` with a per-sequence or a stateful trace."""
    if plasticity not in ("output_sequence", "output_stateful"):
        return keras.layers.Dense(units, **arguments)
    return PlasticDense(
        units,
        rule=plastic_rule,
        trace_clip=trace_clip,
        stateful=plasticity == "output_stateful",
        **arguments,
    )


def build_layers(shapes):
    """Builds each `(layer, input_shape)` not built yet (a model's build is idempotent: loading
    a `.keras` file builds it again from its build config)."""
    for layer, shape in shapes:
        if not layer.built:
            layer.build(shape)
