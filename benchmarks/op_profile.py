"""Thread-milliseconds per call by TensorFlow op type, from `tf.profiler`'s trace.

Summed over the compute threads (with 2 threads, about twice the wall time); the executor's
envelope around the ops is left out.
"""

import collections
import glob
import shutil
import tempfile

import tensorflow as tf


def op_milliseconds(fn, calls):
    """`Counter({op_type: thread-ms per call})` of `calls` calls of `fn` (warmed up before)."""
    from tensorflow.tsl.profiler.protobuf import xplane_pb2

    logdir = tempfile.mkdtemp()
    tf.profiler.experimental.start(logdir)
    for _ in range(calls):
        result = fn()
    tf.nest.map_structure(lambda x: x.numpy() if hasattr(x, "numpy") else x, result)
    tf.profiler.experimental.stop()
    space = xplane_pb2.XSpace()
    with open(glob.glob(f"{logdir}/**/*.xplane.pb", recursive=True)[0], "rb") as file:
        space.ParseFromString(file.read())
    shutil.rmtree(logdir)
    per_op = collections.Counter()
    for plane in space.planes:
        names = {key: value.name for key, value in plane.event_metadata.items()}
        for line in plane.lines:
            if not line.name.startswith("tf_Compute"):
                continue
            for event in line.events:
                name = names.get(event.metadata_id, "?")
                if "Process" in name:  # The executor's envelope around the ops.
                    continue
                op_type = name.rsplit(":", 1)[-1]  # "scope/node:OpType" -> "OpType".
                per_op[op_type] += event.duration_ps / 1e9 / calls
    return per_op


def print_top(per_op, count, indent="  "):
    """The `count` costliest op types, with their share of the total."""
    total = sum(per_op.values())
    for op, ms in per_op.most_common(count):
        print(f"{indent}{ms:9.1f} ms {100 * ms / total:5.1f} %  {op}")
