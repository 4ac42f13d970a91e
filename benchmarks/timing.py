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


def interleaved_ms(forms, rounds, calls=20):
    """`{name: [milliseconds a call, one per round]}` for the functions `forms` (`{name: fn}`),
    every form timed in every round, so that all of them see the same machine states."""
    times = {name: [] for name in forms}
    for _ in range(rounds):
        for name, form in forms.items():
            times[name].append(per_call_ms(form, repeats=1, calls=calls))
    return times


def print_against(times, base, width=9):
    """Prints each form's median (min, max) milliseconds from `interleaved_ms` and how many
    times faster than the form `base` it is."""
    reference = statistics.median(times[base])
    for name, samples in times.items():
        median = statistics.median(samples)
        print(
            f"  {name:>{width}}: {median:8.2f} ms (min {min(samples):.2f}, max "
            f"{max(samples):.2f}); {base} / this {reference / median:.2f}x"
        )
