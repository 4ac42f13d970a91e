"""LeakGAN's streamed leak: a token's step, and what it costs in a whole sampling step.

    python benchmarks/leak_step.py [--rows 64,2000] [--rounds 5]

While LeakGAN's generator samples (negatives, rollouts, evaluation), every token appends to
the prefix whose discriminator features `f_t` the manager reads. `LeakedFeatures.step` keeps
the last `w_max - 1` tokens' embeddings and multiplies each filter size's closing window with
that size's kernel. The form it replaced kept a partial sum for every window still open
(`(w - 1) F_w` floats per filter size, 10,780 for SeqGAN's discriminator) and added the
token's term to each, one product with all kernels stacked and three gathers over 12,500
columns a step. Both forms are here, checked equal on a sequence, then timed interleaved at
SeqGAN's discriminator (embedding 64, 1,720 filters of sizes 1-20) for each batch of rows,
beside the other parts of a sampling step at COCO's vocabulary (the highway, the output
layer) and a whole `LeakGANGenerator.sample` per sequence at COCO's length 38.
"""

import functools
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from absl import app, flags  # noqa: E402
from ceilings import cpu_description  # noqa: E402
from timing import interleaved_ms, print_against, timings  # noqa: E402

from tf_hebbgan.layers import LeakedFeatures  # noqa: E402
from tf_hebbgan.models import LeakGANGenerator  # noqa: E402

FLAGS = flags.FLAGS

VOCAB, LENGTH, EMBEDDING = 4663, 38, 64
SIZES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20)
COUNTS = (100, 200, 200, 200, 200, 100, 100, 100, 100, 100, 160, 160)


class PartialSums:
    """The replaced form: a partial sum per open window, advanced by one stacked product."""

    def __init__(self, leak):
        self.leak = leak
        shift, closing, still_open = [], [], []
        term = opened = 0
        for size, count in zip(SIZES, COUNTS, strict=True):
            terms = term + np.arange(size * count).reshape(size, count)  # (w, F_w)
            sums = 1 + opened + np.arange((size - 1) * count).reshape(size - 1, count)
            shift.append(np.concatenate([np.zeros((1, count), np.int64), sums]).ravel())
            closing.append(terms[size - 1])
            still_open.append(terms[: size - 1].ravel())
            term, opened = term + size * count, opened + (size - 1) * count
        self.shift, self.closing, self.still_open = (
            np.concatenate(part) for part in (shift, closing, still_open)
        )
        self.open_dim = opened

    def initial_state(self, rows):
        return [tf.zeros([rows, sum(COUNTS)]), tf.zeros([rows, self.open_dim]), tf.zeros([rows, 1])]

    def step(self, tokens, state):
        closed, open_sums, count = state
        leak = self.leak
        embedded = tf.gather(leak.embeddings, tokens)  # (B, E)
        count = count + 1.0
        stacked = tf.concat(
            [tf.reshape(tf.transpose(k, [1, 0, 2]), [EMBEDDING, -1]) for k in leak.kernels], 1
        )  # (E, S)
        sums = embedded @ stacked + tf.gather(
            tf.pad(open_sums, [[0, 0], [1, 0]]), self.shift, axis=1
        )
        done = tf.gather(sums, self.closing, axis=1) + tf.concat(leak.biases, 0)  # (B, F)
        done = tf.where(count >= leak._sizes, tf.nn.relu(done), 0.0)
        return [tf.maximum(closed, done), tf.gather(sums, self.still_open, axis=1), count]


def streamed_features(step, state, tokens):
    for t in range(tokens.shape[1]):
        state = step(tokens[:, t], state)
    return state[0]


def step_parts(forms, leak, generator, rows, rng):
    """`{name: fn}` of a token's step of each leak form, the highway and the output layer."""
    tokens = tf.constant(rng.integers(0, VOCAB, (rows,)), tf.int32)
    pooled = tf.random.uniform((rows, sum(COUNTS)))
    hidden = tf.random.uniform((rows, (generator.hidden_dim + 1) * generator.goal_size))
    highway, output = tf.function(leak.highway), tf.function(generator.output_layer)
    parts = {}
    for name, (step, init) in forms.items():
        traced, state = tf.function(step), init(rows)
        parts[name] = lambda traced=traced, state=state: traced(tokens, state)
    parts["highway"] = lambda: [highway(pooled)]
    parts["output layer"] = lambda: [output(hidden)]
    return parts


def main(argv):
    del argv
    threads = os.environ.get("TF_NUM_INTRAOP_THREADS", "all")
    print(f"CPU: {cpu_description()}; TensorFlow {tf.__version__}; intra-op threads {threads}")
    tf.keras.utils.set_random_seed(0)
    leak = LeakedFeatures(VOCAB, EMBEDDING, SIZES, COUNTS)
    leak.build()
    for weight in leak.weights:  # A discriminator's weights, not zeros.
        weight.assign(tf.random.normal(weight.shape, stddev=0.05))
    partial = PartialSums(leak)
    forms = {
        "partial sums": (partial.step, partial.initial_state),
        "windows": (leak.step, leak.initial_state),
    }
    rng = np.random.default_rng(0)
    check = tf.constant(rng.integers(0, VOCAB, (8, 25)), tf.int32)
    pooled = [streamed_features(step, init(8), check).numpy() for step, init in forms.values()]
    np.testing.assert_allclose(pooled[1], pooled[0], rtol=1e-5, atol=1e-5)
    for rows in (int(r) for r in FLAGS.rows.split(",")):
        generator = LeakGANGenerator(VOCAB, sequence_length=LENGTH, sample_batch_size=rows, seed=0)
        generator.build()
        times = interleaved_ms(
            step_parts(forms, leak, generator, rows, rng), FLAGS.rounds, FLAGS.calls
        )
        print(f"{rows} rows, a token's step of each part:")
        print_against(times, "partial sums", width=12)
        # The mean of the rounds, after a call that traces.
        seconds = statistics.fmean(
            timings(functools.partial(generator.sample, rows, seed=1), FLAGS.rounds)
        )
        print(
            f"  LeakGANGenerator.sample, {rows} x {LENGTH}: {seconds:.2f} s a call, "
            f"{seconds / LENGTH * 1e3:.1f} ms a token's step, "
            f"{seconds / rows * 1e3:.2f} ms a sequence"
        )


if __name__ == "__main__":
    flags.DEFINE_string("rows", "64,2000", "Batches of rows (sequences sampled at once).")
    flags.DEFINE_integer("rounds", 5, "Timed rounds per form.")
    flags.DEFINE_integer("calls", 5, "Calls per timed round.")
    app.run(main)
