"""A `keras.utils.Progbar` for phases that resume: its rate and ETA count this process's units.

`keras.utils.Progbar` divides the time since it was made by the units done, so a run resumed
at epoch 24 of 200 reports 1/25 of the true time per epoch (and an ETA 25x too short) after
its first epoch. It also averages every value over the updates, so an NLL evaluated every few
epochs would show the mean of its evaluations rather than the newest. `ResumedProgbar` times
only the units this process ran (after the first, which includes tracing, once there are
more), shows each value as last given and only with the unit that gave it (an NLL evaluated
every few epochs is not repeated on the epochs between), and with `verbose=2` prints one line
per unit, as `fit(verbose=2)` prints one per epoch. Given a `phase`, it first says in one line
which phase the bar counts and, after a resume, where it goes on from.
"""

import sys

import keras


class ResumedProgbar(keras.utils.Progbar):
    """`Progbar(target)` that starts at `done` units (those of an earlier process)."""

    def __init__(self, target, done=0, verbose=1, unit_name="step", phase=None):
        # No value is averaged: each shows as last given.
        super().__init__(target, verbose=verbose, stateless_metrics=(), unit_name=unit_name)
        self._done = int(done)
        self._seen_so_far = self._done
        if phase and verbose and self._done < target:
            print(phase_line(phase, target, self._done, unit_name), file=sys.stdout, flush=True)

    def update(self, current, values=None, finalize=None):
        if finalize is None and self.verbose == 2:
            finalize = current > self._done  # One line per unit this process ran.
        if values is not None:  # A figure of an earlier unit is not shown as this one's.
            self._values_order = [name for name, _ in values]  # In the order given.
            self._values = {}
        super().update(current, values, finalize)

    def _estimate_step_duration(self, current, now):
        # Keras' own estimate (which leaves out the first unit once there are more), counted
        # from the units this process ran.
        return super()._estimate_step_duration(current - self._done, now)


def phase_line(phase, target, done, unit_name):
    """`"Adversarial training: 200 epochs"`, or after a resume `"...: resuming at epoch 25 of
    200"`."""
    if done:
        return f"{phase}: resuming at {unit_name} {done + 1} of {target}"
    return f"{phase}: {target} {unit_name}{'s' if target != 1 else ''}"
