"""Scalars read back from a run's TensorBoard events files.

A resumed run writes a new events file beside the old ones, so a step logged twice (before
and after an interruption) counts once, from the later file.
"""

import glob
import os


def read_scalars(event_dir, tags=None):
    """`{tag: [(step, value), ...]}` sorted by step, from every events file in `event_dir`;
    `tags` None reads every scalar there."""
    import tensorflow as tf

    paths = sorted(glob.glob(os.path.join(event_dir, "events.out.tfevents.*")), key=_write_time)
    if not paths:
        raise ValueError(f"{event_dir} holds no TensorBoard events.")
    values = {tag: {} for tag in tags or ()}
    for path in paths:  # Oldest first: a later file's value of a step replaces an earlier one.
        for record in tf.data.TFRecordDataset(path):
            event = tf.compat.v1.Event.FromString(record.numpy())
            for value in event.summary.value:
                if tags is not None and value.tag not in values:
                    continue
                if value.HasField("simple_value"):
                    scalar = value.simple_value
                elif value.metadata.plugin_data.plugin_name == "scalars":
                    scalar = float(tf.make_ndarray(value.tensor))
                else:  # Text, images, hyperparameters: not scalars.
                    continue
                values.setdefault(value.tag, {})[int(event.step)] = scalar
    return {tag: sorted(points.items()) for tag, points in values.items()}


def last_step(event_dir, prefix):
    """The last step logged under a tag starting with `prefix` in `event_dir`, or -1 (none,
    or no events there)."""
    if not glob.glob(os.path.join(event_dir, "events.out.tfevents.*")):
        return -1
    steps = [
        points[-1][0]
        for tag, points in read_scalars(event_dir).items()
        if tag.startswith(prefix) and points
    ]
    return max(steps, default=-1)


def _write_time(path):
    """The events file's creation time, which TensorFlow writes into its name."""
    try:
        return float(os.path.basename(path).split(".")[3])
    except (IndexError, ValueError):
        return os.path.getmtime(path)
