"""What this machine can do at best, measured: the ceilings the benchmark rows are set against.

    python benchmarks/ceilings.py [--repeats 10]

Run as a script, it prints the CPU (model, family and model numbers, bf16 flags) and its
ceilings, the fastest of `--repeats`: the fp32 and bf16 2048^2 matmul, the vocabulary
projection `(1280, 32) x (32, 5000)` forward and with its backward in both precisions, and
`exp`. Machines of one name differ (an AMD EPYC of family 25 and one of a later family run
the fp32 matmul at about half and about all of 450 GFLOP/s on 2 cores): compare a figure
measured on another day with this first.

Each function times one kind of work in the calling process (so its figures share the
machine state of the rows measured beside them): a large square matmul in fp32 or bf16, the
vocabulary projection at its own shape, `exp`, and an optimizer's pass over a model's
weights. `onednn_kernels` runs small products in a child process with `ONEDNN_VERBOSE=1` and
returns which oneDNN implementation each dispatched to (for instance `brg_matmul:avx10_1_512_amx`
where the CPU has AMX, `brg_matmul:avx512_core_bf16` where it has AVX512_BF16 only).
"""

import os
import statistics
import subprocess
import sys

import tensorflow as tf
from absl import app, flags
from timing import timings

# How repeats are summarised: the median, or the fastest repeat. On a machine that switches
# between two speed states (`benchmarks/machine_states.py`), the fastest repeat is the figure
# of the fast state and the median lands in either; `use_statistic` sets it for the process.
STATISTICS = {"median": statistics.median, "fastest": min}
_statistic = [statistics.median]


def use_statistic(name):
    """Summarise every later timing with `name` ("median" or "fastest")."""
    _statistic[0] = STATISTICS[name]


def typical_time(fn, repeats):
    """Seconds of a call of `fn` over `repeats` timed calls, by the chosen statistic (the
    median unless `use_statistic("fastest")`)."""
    return _statistic[0](timings(fn, repeats))


def matmul_gflops(repeats, dtype=tf.float32, size=2048):
    """GFLOP/s of a `size`^2 matmul in `dtype`."""
    a = tf.cast(tf.random.normal((size, size)), dtype)
    product = tf.function(lambda a: tf.reduce_sum(tf.cast(tf.matmul(a, a), tf.float32)))
    seconds = typical_time(lambda: product(a).numpy(), repeats)
    return 2 * size**3 / seconds / 1e9


def projection_gflops(rows, hidden, vocabulary, repeats, backward=True, dtype=tf.float32):
    """GFLOP/s of the vocabulary projection at its own shape: `(rows, hidden) x (hidden,
    vocabulary)` in `dtype`, and with `backward` also its two gradient products.

    The inner dimension is small (32), so these products stream a `rows x vocabulary` matrix
    for few multiply-adds per element: far from the large square product's rate.
    """
    h = tf.cast(tf.random.normal((rows, hidden)), dtype)
    kernel = tf.cast(tf.random.normal((hidden, vocabulary)), dtype)
    upstream = tf.cast(tf.random.normal((rows, vocabulary)), dtype)

    def products(h, kernel, upstream):
        total = tf.reduce_sum(tf.cast(tf.matmul(h, kernel), tf.float32))
        if backward:
            total += tf.reduce_sum(tf.cast(tf.matmul(h, upstream, transpose_a=True), tf.float32))
            total += tf.reduce_sum(
                tf.cast(tf.matmul(upstream, kernel, transpose_b=True), tf.float32)
            )
        return total

    product = tf.function(products)
    seconds = typical_time(lambda: product(h, kernel, upstream).numpy(), repeats)
    return (3 if backward else 1) * 2 * rows * hidden * vocabulary / seconds / 1e9


def discriminator_gflops(
    batch, length, embedding, filter_sizes, num_filters, repeats, dtype=tf.float32
):
    """GFLOP/s of the discriminator's products at their own shapes, forward and backward: the
    convolutions of every width over `(batch, length, embedding)` and the highway's two
    `(batch, F) x (F, F)` products, F = sum(num_filters), each with its input and weight
    gradients, in `dtype`.

    What oneDNN does at these shapes (a short sequence, 64 channels, many small outputs) sets
    the discriminator's floor, as the vocabulary projection's shape sets the generator's.
    """
    features = sum(num_filters)
    x = tf.cast(tf.random.normal((batch, length, embedding)), dtype)
    h = tf.cast(tf.random.normal((batch, features)), dtype)
    kernels = [
        tf.cast(tf.random.normal((k, embedding, f)) * 0.1, dtype)
        for k, f in zip(filter_sizes, num_filters, strict=True)
    ]
    highway = [tf.cast(tf.random.normal((features, features)) * 0.02, dtype) for _ in range(2)]

    def products(x, h, kernels, highway):
        with tf.GradientTape() as tape:
            tape.watch([x, h, *kernels, *highway])
            total = tf.zeros((), tf.float32)
            for kernel in kernels:
                y = tf.nn.conv1d(x, kernel, stride=1, padding="VALID")
                total += tf.reduce_sum(tf.cast(y, tf.float32))
            for weight in highway:
                total += tf.reduce_sum(tf.cast(tf.matmul(h, weight), tf.float32))
        gradients = tape.gradient(total, [x, h, *kernels, *highway])
        return sum(tf.reduce_sum(tf.cast(g, tf.float32)) for g in gradients)

    product = tf.function(products)
    seconds = typical_time(lambda: product(x, h, kernels, highway).numpy(), repeats)
    flop = batch * discriminator_product_flops(length, embedding, filter_sizes, num_filters)
    return 3 * flop / seconds / 1e9


def discriminator_product_flops(length, embedding, filter_sizes, num_filters):
    """Forward FLOPs per sequence of the discriminator's convolutions and highway products."""
    conv = sum(
        2 * (length - k + 1) * k * embedding * f
        for k, f in zip(filter_sizes, num_filters, strict=True)
    )
    features = sum(num_filters)
    return conv + 2 * 2 * features * features


def exp_per_second(repeats):
    x = tf.random.normal((64 * 20, 5000 * 10))  # 64M elements.
    fn = tf.function(lambda x: tf.reduce_sum(tf.exp(x)))
    seconds = typical_time(lambda: fn(x).numpy(), repeats)
    return x.shape.num_elements() / seconds


def optimizer_pass_seconds(model, optimizer, repeats):
    """Seconds of one `optimizer` update of all of `model`'s trainable weights: the memory
    pass over the weights and their slots that every training step pays besides its FLOPs.

    The update moves `model`'s weights: give it a model that nothing else times.
    """
    variables = model.trainable_variables
    gradients = [tf.fill(v.shape, tf.constant(1e-4, v.dtype)) for v in variables]
    optimizer.build(variables)
    update = tf.function(lambda: optimizer.apply(gradients, variables))
    return typical_time(lambda: (update(), variables[0].numpy()), repeats)


_PROBE = """
import tensorflow as tf, keras
a = tf.random.normal((512, 512))
print("@@ matmul float32", flush=True); tf.matmul(a, a).numpy()
b = tf.cast(a, tf.bfloat16)
print("@@ matmul bfloat16", flush=True); tf.matmul(b, b).numpy()
conv = keras.layers.Conv1D(64, 5, dtype="mixed_bfloat16")
x = tf.random.normal((64, 20, 64))
print("@@ conv1d bfloat16", flush=True); conv(x).numpy()
"""


def onednn_verbose_run(code, args=(), timeout=None, check=True):
    """Standard output of `python -c code *args` run with `ONEDNN_VERBOSE=1` (this folder on
    its path, TensorFlow's own logging off)."""
    here = os.path.dirname(os.path.abspath(__file__))
    env = dict(os.environ, ONEDNN_VERBOSE="1", TF_CPP_MIN_LOG_LEVEL="3")
    env["PYTHONPATH"] = os.pathsep.join([here, env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    ).stdout


def onednn_exec(line):
    """`(primitive, implementation, propagation, milliseconds)` of a `ONEDNN_VERBOSE` line that
    ran a primitive on the CPU, else None."""
    fields = line.split(",")
    if not line.startswith("onednn_verbose") or "exec" not in fields:
        return None
    at = fields.index("exec")
    if len(fields) < at + 5 or fields[at + 1] != "cpu":
        return None
    return fields[at + 2], fields[at + 3], fields[at + 4], float(fields[-1])


def onednn_kernels(timeout=300):
    """`{product: [primitive:implementation, ...]}` that oneDNN ran for an fp32 and a bf16
    matmul and a bf16 convolution, from `ONEDNN_VERBOSE=1` in a child process; `{}` if
    oneDNN printed nothing (TensorFlow built without it, or `TF_ENABLE_ONEDNN_OPTS=0`)."""
    try:
        output = onednn_verbose_run(_PROBE, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {}
    kernels, label = {}, None
    for line in output.splitlines():
        if line.startswith("@@ "):
            label = line[3:]
            continue
        record = onednn_exec(line)
        if label and record:
            kind, implementation = record[:2]
            name = f"{kind}:{implementation}" if implementation else kind
            if name not in kernels.setdefault(label, []):
                kernels[label].append(name)
    return kernels


def cpu_description():
    """`model name, family F model M, N cores, flags` of this CPU, from /proc/cpuinfo (the
    bf16 flags and AVX-512; `?` for what it does not say)."""
    fields = {}
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                key, _, value = line.partition(":")
                fields.setdefault(key.strip(), value.strip())
    except OSError:
        pass  # Not Linux: the fields stay unknown.
    names = fields.get("flags", "").split()
    found = [flag for flag in ("amx_bf16", "avx512_bf16", "avx512f") if flag in names]
    return (
        f"{fields.get('model name', '?')}, family {fields.get('cpu family', '?')} model "
        f"{fields.get('model', '?')}, {os.cpu_count()} cores, {', '.join(found) or 'no AVX-512'}"
    )


def main(argv):
    del argv
    use_statistic("fastest")
    repeats = flags.FLAGS.repeats
    print(f"CPU: {cpu_description()}")
    for dtype in (tf.float32, tf.bfloat16):
        name = dtype.name
        print(f"matmul 2048^2, {name}: {matmul_gflops(repeats, dtype):.1f} GFLOP/s")
        for backward in (False, True):
            rate = projection_gflops(1280, 32, 5000, repeats, backward=backward, dtype=dtype)
            part = "forward and backward" if backward else "forward"
            print(f"projection (1280, 32) x (32, 5000), {part}, {name}: {rate:.1f} GFLOP/s")
    print(f"exp: {exp_per_second(repeats) / 1e9:.2f} G/s")


if __name__ == "__main__":  # The flag only when run: the other benchmarks import this module.
    flags.DEFINE_integer("repeats", 10, "Timed calls per ceiling (the fastest is kept).")
    app.run(main)
