"""Which precision the discriminator computes in: detected from the machine for `"auto"`.

`"mixed_bfloat16"` is Keras' mixed precision policy: float32 weights (and optimizer state),
bfloat16 matmuls and convolutions. bfloat16 pays only on hardware with bf16 matrix units: a
CPU with Intel AMX (on an AVX512_BF16 CPU without AMX a bf16 matmul ran slower than fp32:
BUILD_NOTES, "The machine") or a GPU of compute capability 8.0 or newer.
"""

PRECISIONS = ("float32", "mixed_bfloat16", "auto")
CPUINFO = "/proc/cpuinfo"


def cpu_flags(cpuinfo_path=CPUINFO):
    """The CPU's feature flags (Linux), empty where `/proc/cpuinfo` cannot be read."""
    try:
        with open(cpuinfo_path, encoding="utf-8", errors="replace") as file:
            for line in file:
                if line.startswith("flags"):
                    return frozenset(line.partition(":")[2].split())
    except OSError:
        pass
    return frozenset()


def gpu_has_bf16():
    """True if TensorFlow sees a GPU of compute capability 8.0 or newer (bf16 tensor cores)."""
    import tensorflow as tf

    for gpu in tf.config.list_physical_devices("GPU"):
        capability = tf.config.experimental.get_device_details(gpu).get("compute_capability")
        if capability and tuple(capability) >= (8, 0):
            return True
    return False


def resolve_precision(precision, flags=None, gpu_bf16=None):
    """`"float32"` or `"mixed_bfloat16"` for the `precision` field.

    `"auto"` picks `"mixed_bfloat16"` on a CPU with AMX (`amx_bf16` among its `flags`) or a GPU
    with bf16 units, `"float32"` elsewhere. `flags` and `gpu_bf16` default to this machine's.
    """
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS}; got {precision!r}.")
    if precision != "auto":
        return precision
    flags = cpu_flags() if flags is None else flags
    gpu_bf16 = gpu_has_bf16() if gpu_bf16 is None else gpu_bf16
    return "mixed_bfloat16" if gpu_bf16 or "amx_bf16" in flags else "float32"
