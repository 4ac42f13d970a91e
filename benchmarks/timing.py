"""The timing loop the benchmark scripts share: warm-up calls, then timed repeats."""

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
