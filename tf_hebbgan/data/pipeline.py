"""The options every input pipeline of the library ends with: tf.data's autotuning off.

With autotuning on, each tf.data iterator runs a model thread, and deleting the iterator
(Keras does at the end of every `fit` call) waited for it: on a 2-core machine about half the
calls ended ~1.1 s late with the process idle, which looked like a slow state of the machine
(docs/performance.md, "Speed states"). The library's pipelines slice, shuffle and batch
tensors in memory: there is nothing for the autotuner to tune, so it is off unless asked for.

>>> import tensorflow as tf
>>> dataset = finished(tf.data.Dataset.range(4).batch(2))
>>> dataset.options().autotune.enabled
False
"""

import tensorflow as tf

_settings = {"autotune": False}


def set_data_autotune(enabled):
    """Turns tf.data's autotuning on or off for the pipelines the library builds from now on.

    Off by default (the module docstring says why). On suits a pipeline a user extends with
    parallel `map`s of their own; it brings back the iterator-deletion wait.
    """
    _settings["autotune"] = bool(enabled)


def data_autotune():
    """Whether the library's pipelines autotune (`set_data_autotune`)."""
    return _settings["autotune"]


def pipeline_options():
    """`tf.data.Options` for the library's pipelines: autotuning as `set_data_autotune` set."""
    options = tf.data.Options()
    options.autotune.enabled = _settings["autotune"]
    return options


def finished(dataset, prefetch=2):
    """`dataset` prefetching `prefetch` batches, with the library's `pipeline_options()`."""
    return dataset.prefetch(prefetch).with_options(pipeline_options())
