"""The timing loop the benchmark scripts share: warm-up calls, then timed repeats."""

import statistics
import time


def timings(fn, repeats, warmup=1):
    """Seconds of each of `repeats` calls of `fn`, after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def per_call_ms(fn, repeats, calls=20):
    """Milliseconds a call of `fn` takes: the median of `repeats` rounds of `calls` calls,
    each round ending when the last call's outputs (a list of tensors) are computed."""
    import tensorflow as tf  # Here: scripts that set TensorFlow's threads import this first.

    def round_of_calls():
        for _ in range(calls):
            outputs = fn()
        [tf.convert_to_tensor(output).numpy() for output in outputs]

    return statistics.median(timings(round_of_calls, repeats)) / calls * 1000
