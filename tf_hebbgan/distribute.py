"""`tf.distribute` strategies by name, for the command line and `train(..., strategy=...)`."""

import json
import os

import tensorflow as tf

STRATEGIES = ("default", "mirrored", "multi_worker")


def make_strategy(name):
    """The strategy called `name`, or a ValueError naming the problem.

    - `"default"`: TensorFlow's default, one device (a GPU if there is one).
    - `"mirrored"`: `tf.distribute.MirroredStrategy` over every GPU of this machine (its CPU
      if it has none): one replica per device, the batch split between them.
    - `"multi_worker"`: `tf.distribute.MultiWorkerMirroredStrategy` over the hosts listed in
      the `TF_CONFIG` environment variable (every worker runs the same command with its own
      `task.index`), every device of every host a replica.
    """
    if name == "default":
        return tf.distribute.get_strategy()
    if name == "mirrored":
        return tf.distribute.MirroredStrategy()
    if name == "multi_worker":
        check_tf_config(os.environ.get("TF_CONFIG"))
        return tf.distribute.MultiWorkerMirroredStrategy()
    raise ValueError(f"Unknown strategy {name!r}; choose one of {', '.join(STRATEGIES)}.")


def check_tf_config(text):
    """Raises a ValueError unless `text` is a `TF_CONFIG` with workers and this task's index."""
    if not text:
        raise ValueError(
            "--strategy multi_worker needs TF_CONFIG set on every worker, e.g. "
            '{"cluster": {"worker": ["host1:port", "host2:port"]}, '
            '"task": {"type": "worker", "index": 0}}.'
        )
    try:
        tf_config = json.loads(text)
        workers = tf_config["cluster"]["worker"]
        index = int(tf_config["task"]["index"])
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(f"TF_CONFIG is malformed ({error}): {text}") from None
    if not (isinstance(workers, list) and workers and all(isinstance(w, str) for w in workers)):
        raise ValueError(
            'TF_CONFIG\'s cluster "worker" must be a list of "host:port" strings; got '
            f"{json.dumps(workers)}."
        )
    if tf_config["task"].get("type", "worker") not in ("worker", "chief"):
        raise ValueError(f'TF_CONFIG\'s task type must be "worker" or "chief"; got {text}.')
    if not 0 <= index < len(workers):
        raise ValueError(
            f"TF_CONFIG's task index {index} is not one of its {len(workers)} workers."
        )


def is_chief(strategy):
    """True for the process that writes the run's files: the only one, or worker 0."""
    resolver = getattr(strategy, "cluster_resolver", None)
    if resolver is None or not resolver.cluster_spec().as_dict():
        return True
    return resolver.task_type in (None, "chief") or (
        resolver.task_type == "worker" and resolver.task_id == 0
    )


def worker_id(strategy):
    """This process's task index in a multi-worker cluster (0 otherwise)."""
    resolver = getattr(strategy, "cluster_resolver", None)
    return int(resolver.task_id or 0) if resolver is not None else 0


def check_same_on_workers(value, what):
    """Raises a ValueError unless every worker of the current strategy holds this `value`
    (an int, or a tuple of ints).

    A multi-worker run resumes from each worker's own newest checkpoint; workers stopped at
    different points would otherwise resume at different steps and wait on each other.
    """
    strategy = tf.distribute.get_strategy()
    if not isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy):
        return
    row = [int(v) for v in (value if isinstance(value, tuple) else (value,))]
    shares = strategy.experimental_distribute_values_from_function(
        lambda _: tf.constant([row], tf.int64)
    )
    values = sorted({tuple(r) for r in strategy.gather(shares, axis=0).numpy().tolist()})
    if len(values) > 1:
        raise ValueError(
            f"The workers resumed from different {what}s ({values}; this worker: {tuple(row)}). "
            "Stop every worker, keep in each workdir the checkpoints of one common "
            f"{what} only (move newer ones aside), and start them again."
        )


def gather_batch(value):
    """Every replica's `value` `(b, ...)` stacked along axis 0, `(n b, ...)`, in replica order,
    on every replica: `ReplicaContext.all_gather` for any strategy (one replica: `value`).

    TensorFlow 2.21's `all_gather` fails under `MultiWorkerMirroredStrategy` ("destinations
    can not be empty"); a sum over replicas of each share placed at its offset among zeros is
    the same tensor, bit for bit, and its gradient (an all-reduce) is all_gather's. Each
    replica's share must have the same size.
    """
    context = tf.distribute.get_replica_context()
    replicas = context.num_replicas_in_sync
    if replicas == 1:
        return value
    size = tf.shape(value)[0]
    before = context.replica_id_in_sync_group * size
    padding = [[before, (replicas - 1) * size - before]] + [[0, 0]] * (value.shape.rank - 1)
    dtype = value.dtype
    if dtype not in (tf.float32, tf.float64):  # bfloat16, labels, token ids: exact in float32.
        value = tf.cast(value, tf.float32)
    everyone = context.all_reduce(tf.distribute.ReduceOp.SUM, tf.pad(value, padding))
    return tf.cast(everyone, dtype)  # (n b, ...)
