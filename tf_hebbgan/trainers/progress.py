"""A `keras.utils.Progbar` for phases that resume: its rate and ETA count this process's units.

`keras.utils.Progbar` divides the time since it was made by the units done, so a run resumed
at epoch 24 of 200 reports 1/25 of the true time per epoch (and an ETA 25x too short) after
its first epoch. It also averages every value over the updates, so an NLL evaluated every few
epochs would show the mean of its evaluations rather than the newest. `ResumedProgbar` times
only the units this process ran (after the first, which includes tracing, once there are
more), shows each value as last given and only with the unit that gave it (an NLL evaluated
every few epochs is not repeated on the epochs between), and with `verbose=2` prints one line
per unit, as `fit(verbose=2)` prints one per epoch. Given a `phase`, it first says in one line
which phase the bar counts and, after a resume, where it goes on from; after two units, how
long the phase has left and, given the run's `RunEstimate`, the phases after it and the whole
run.
"""

import os
import sys
import time

import keras


class ResumedProgbar(keras.utils.Progbar):
    """`Progbar(target)` that starts at `done` units (those of an earlier process)."""

    def __init__(self, target, done=0, verbose=1, unit_name="step", phase=None, estimate=None):
        # No value is averaged: each shows as last given.
        super().__init__(target, verbose=verbose, stateless_metrics=(), unit_name=unit_name)
        self._done = int(done)
        self._seen_so_far = self._done
        self._phase, self._estimate = phase, estimate
        if estimate is not None:
            estimate.started(phase, self._done)
        if phase and verbose and self._done < target:
            line = phase_line(phase, target, self._done, unit_name)
            whole = estimate.remaining(phase) if estimate is not None else None
            if whole is not None:  # Timed ahead by a probe.
                whole = duration(whole)
                later = estimate.after(phase)
                line += f" (the whole run about {whole} left)" if later else f" (about {whole})"
            print(line, file=sys.stdout, flush=True)

    def update(self, current, values=None, finalize=None):
        if finalize is None and self.verbose == 2:
            finalize = current > self._done  # One line per unit this process ran.
        if values is not None:  # A figure of an earlier unit is not shown as this one's.
            self._values_order = [name for name, _ in values]  # In the order given.
            self._values = {}
        super().update(current, values, finalize)
        if self._phase and self.verbose and current - self._done == 2 and current < self.target:
            # Two units run: the second is the first without tracing, a fair unit time.
            seconds = self._estimate_step_duration(current, time.time())
            remaining = self.target - current
            later = ""
            if self._estimate is not None:
                self._estimate.timed(self._phase, seconds, done=current)
                later = self._estimate.after(self._phase)
            line = estimate_line(self._phase, seconds, remaining, self.unit_name, later)
            print(f"\n{line}" if self.verbose == 1 else line, file=sys.stdout, flush=True)

    def _estimate_step_duration(self, current, now):
        # Keras' own estimate (which leaves out the first unit once there are more), counted
        # from the units this process ran.
        return super()._estimate_step_duration(current - self._done, now)


def redraws_in_place(stream):
    """Whether `stream` shows a progress bar's redraws: a terminal, a notebook or an IDE
    console. Keras' `Progbar` also counts any POSIX system, a file or pipe included, where its
    redraws land as colour codes and glued lines."""
    interactive = hasattr(stream, "isatty") and stream.isatty()
    return interactive or "ipykernel" in sys.modules or "PYCHARM_HOSTED" in os.environ


def phase_line(phase, target, done, unit_name):
    """`"Adversarial training: 200 epochs"`, or after a resume `"...: resuming at epoch 25 of
    200"`."""
    if done:
        return f"{phase}: resuming at {unit_name} {done + 1} of {target}"
    return f"{phase}: {target} {unit_name}{'s' if target != 1 else ''}"


def estimate_line(phase, seconds, remaining, unit_name, later=""):
    """`"MLE pretraining: 3.4 s an epoch, about 6 min for the 118 left; then ..."`."""
    plural = "s" if remaining != 1 else ""
    article = "an" if unit_name[:1] in "aeiou" else "a"
    left = duration(seconds * remaining)
    text = f"{phase}: {seconds:.3g} s {article} {unit_name}, about {left} for the {remaining} "
    text += f"{unit_name}{plural} left"
    return f"{text}; then {later}" if later else text


def duration(seconds):
    """`"45 s"`, `"12 min"`, `"3.4 h"`."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
