"""The precision a run computes in, chosen once at its start and kept in its workdir.

`precision="auto"` picks bfloat16 where this machine measures it faster (`tf_hebbgan.precision`).
A run that measured anew on every resume could switch halfway, on a noisy measurement or on
another CPU, and would no longer resume bit for bit; so its first start writes the choice to
`precision.json`, and every later start of the run, and every reader of it (export, the
whole GAN), takes it from there. `config.json` keeps what was asked for (`"auto"`).
"""

import dataclasses
import os

import tensorflow as tf

from tf_hebbgan.files import read_json, write_json
from tf_hebbgan.precision import gpu_has_bf16, measured_bf16_speedup, resolve_precision

PRECISION_FILE = "precision.json"
RESOLVED = ("float32", "mixed_bfloat16")


def pin_precision(config, workdir, strategy=None):
    """`config` with the precision its run in `workdir` computes in, chosen now if `"auto"`
    and not chosen before (then written to `workdir/precision.json`).

    Under several replicas every one takes the same choice: the CPUs' measured speedups are
    averaged over the replicas (workers may measure either side of the threshold).
    """
    path = os.path.join(workdir, PRECISION_FILE)
    if config.precision == "auto" and not os.path.exists(path):
        write_json(path, choose(strategy))
    return run_precision(config, workdir)


def run_precision(config, workdir):
    """`config` with the precision the run in `workdir` computed in: its `precision.json`'s
    for `"auto"` (a run without one, written before the file existed, resolves now)."""
    if config.precision != "auto":
        return config
    path = os.path.join(workdir, PRECISION_FILE)
    if os.path.exists(path):
        return dataclasses.replace(config, precision=read_choice(path)["precision"])
    return dataclasses.replace(config, precision=resolve_precision("auto"))


def precision_results(config, workdir):
    """What `results.json` records of the precision: the one used and, for `"auto"` on a CPU,
    the measured bf16 speedup it was chosen from."""
    if config.precision != "auto":
        return {"precision": config.precision}
    choice = read_choice(os.path.join(workdir, PRECISION_FILE))
    results = {"precision": choice["precision"]}
    if choice.get("cpu_bf16_matmul_speedup") is not None:
        results["cpu_bf16_matmul_speedup"] = choice["cpu_bf16_matmul_speedup"]
    return results


def choose(strategy=None):
    """`{"precision", "cpu_bf16_matmul_speedup"}` for `"auto"` on this machine (the speedup
    is None where a GPU decides), agreed over `strategy`'s replicas."""
    if gpu_has_bf16():
        return {"precision": "mixed_bfloat16", "cpu_bf16_matmul_speedup": None}
    speedup = measured_bf16_speedup()
    if strategy is not None and strategy.num_replicas_in_sync > 1:
        speedup = replica_mean(speedup, strategy)
    precision = resolve_precision("auto", gpu_bf16=False, speedup=speedup)
    return {"precision": precision, "cpu_bf16_matmul_speedup": round(float(speedup), 3)}


def replica_mean(value, strategy):
    """The mean of a Python float over `strategy`'s replicas (every worker gets the same)."""

    @tf.function
    def mean():
        per_replica = strategy.run(lambda: tf.constant(value, tf.float32))
        return strategy.reduce(tf.distribute.ReduceOp.MEAN, per_replica, axis=None)

    return float(mean())


def read_choice(path):
    """The choice in `path`, or a one-line ValueError naming the file."""
    choice = read_json(path)
    if not isinstance(choice, dict) or choice.get("precision") not in RESOLVED:
        raise ValueError(
            f"{path} does not hold a precision ({' or '.join(RESOLVED)}); restore it from a "
            "copy of the run."
        )
    return choice
