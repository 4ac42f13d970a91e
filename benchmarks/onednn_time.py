"""oneDNN's own time in paper-size discriminator training steps, by primitive and kernel.

    python benchmarks/onednn_time.py [--steps 8] [--precision float32,mixed_bfloat16]

For each precision a child process trains the 1,720-filter `CNNDiscriminator` (FusedAdam,
batch 64) for one warm-up epoch and then `--steps` steps with `ONEDNN_VERBOSE=1`; this script
sums the `exec` lines' milliseconds by primitive (convolution forward / backward data /
backward weights, matmul, reorder, ...) and implementation, and prints them with their share
of the step's wall time. What oneDNN does not run (the optimizer's update, casts, Keras'
per-step work) is the rest of the wall time.
"""

import collections

from absl import app, flags
from ceilings import onednn_exec, onednn_verbose_run

FLAGS = flags.FLAGS

CHILD = """
import sys, time
import numpy as np
from workloads import compiled_discriminator
from tf_hebbgan.optimizers import FusedAdam
steps, precision = int(sys.argv[1]), sys.argv[2]
model = compiled_discriminator(FusedAdam(1e-4), dtype=precision)
rng = np.random.default_rng(0)
x = rng.integers(0, 5000, (64 * steps, 20)).astype("int32")
y = rng.integers(0, 2, 64 * steps).astype("int32")
model.fit(x, y, batch_size=64, epochs=1, verbose=0)
print("@@ start", flush=True)
start = time.perf_counter()
model.fit(x, y, batch_size=64, epochs=1, verbose=0)
print(f"@@ wall {time.perf_counter() - start}", flush=True)
"""


def profile(steps, precision):
    """`({(primitive, implementation): milliseconds}, wall seconds)` of `steps` steps."""
    output = onednn_verbose_run(CHILD, (steps, precision))
    totals, timing, wall = collections.Counter(), False, 0.0
    for line in output.splitlines():
        if line.startswith("@@ start"):
            timing = True
        elif line.startswith("@@ wall"):
            wall = float(line.split()[-1])
        elif timing and (record := onednn_exec(line)):
            kind, implementation, prop, milliseconds = record
            label = kind if prop in ("", "undef") else f"{kind} {prop}"
            totals[(label, implementation)] += milliseconds
    return totals, wall


def main(argv):
    del argv
    for precision in FLAGS.precision:
        totals, wall = profile(FLAGS.steps, precision)
        onednn = sum(totals.values())
        print(
            f"{precision}: {FLAGS.steps} steps in {wall * 1e3:.0f} ms wall; oneDNN's own "
            f"{onednn:.0f} ms ({onednn / 1e3 / wall:.0%} of the wall time, summed over calls)"
        )
        for (label, implementation), ms in totals.most_common():
            print(f"  {ms:8.1f} ms  {label:40s} {implementation}")


if __name__ == "__main__":  # Flags only when run: tests import this module.
    flags.DEFINE_integer("steps", 8, "Training steps with ONEDNN_VERBOSE on.")
    flags.DEFINE_list("precision", ["float32", "mixed_bfloat16"], "Precisions to profile.")
    app.run(main)
