"""Which precision the discriminator computes in, measured on the machine for `"auto"`.

`"mixed_bfloat16"` is Keras' mixed precision policy: float32 weights (and optimizer state),
bfloat16 matmuls and convolutions. bfloat16 pays only where the hardware multiplies bf16
faster than fp32, which the CPU flags do not tell: on an Intel CPU with AVX512_BF16 and no AMX
a bf16 matmul ran at 0.7x fp32, on an AMD EPYC with AVX512_BF16 and no AMX at 1.9x, with AMX
at ~4x (BUILD_NOTES, "bfloat16"). So `"auto"` times one matmul both ways on the CPU (about
0.1 s, once per process); on a GPU it takes bf16 from compute capability 8.0 on.
"""

import functools
import time

PRECISIONS = ("float32", "mixed_bfloat16", "auto")
MIN_SPEEDUP = 1.25  # bf16 over fp32 matmul throughput that `"auto"` requires.


def gpu_has_bf16():
    """True if TensorFlow sees a GPU of compute capability 8.0 or newer (bf16 tensor cores)."""
    import tensorflow as tf

    for gpu in tf.config.list_physical_devices("GPU"):
        capability = tf.config.experimental.get_device_details(gpu).get("compute_capability")
        if capability and tuple(capability) >= (8, 0):
            return True
    return False


@functools.cache
def measured_bf16_speedup(size=1024, rounds=3):
    """fp32 time over bf16 time of a `size`^2 matmul on this CPU (best of `rounds`, taken in
    alternation so that both see the same machine state)."""
    import tensorflow as tf

    best = {}
    with tf.device("/cpu:0"):
        base = tf.random.stateless_normal((size, size), seed=(0, 0))
        operands = {dtype: tf.cast(base, dtype) for dtype in (tf.float32, tf.bfloat16)}
        matmul = tf.function(tf.linalg.matmul)
        for _ in range(rounds + 1):  # The first round traces and warms up.
            for dtype, x in operands.items():
                start = time.perf_counter()
                for _ in range(3):
                    matmul(x, x).numpy()
                elapsed = time.perf_counter() - start
                best[dtype] = min(best.get(dtype, elapsed), elapsed)
    return best[tf.float32] / best[tf.bfloat16]


def resolve_precision(precision, gpu_bf16=None, speedup=None):
    """`"float32"` or `"mixed_bfloat16"` for the `precision` field.

    `"auto"`: `"mixed_bfloat16"` on a GPU with bf16 units or where a bf16 matmul runs at least
    `MIN_SPEEDUP` times as fast as fp32 on the CPU, `"float32"` elsewhere. `gpu_bf16` and
    `speedup` default to this machine's (measured once per process).
    """
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS}; got {precision!r}.")
    if precision != "auto":
        return precision
    if gpu_has_bf16() if gpu_bf16 is None else gpu_bf16:
        return "mixed_bfloat16"
    speedup = measured_bf16_speedup() if speedup is None else speedup
    return "mixed_bfloat16" if speedup >= MIN_SPEEDUP else "float32"
