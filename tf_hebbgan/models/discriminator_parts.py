"""Pieces the CNN discriminators share: argument checks, the filters that fit a length, the
running max over positions, and the (possibly plastic) output layer."""

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
