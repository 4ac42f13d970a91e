"""`RunEstimate`: the time a whole run has left, kept across its phases.

A run is a sequence of phases (MLE pretraining, then its adversarial method's phases), each a
count of units (epochs, rounds, steps). Each phase times its own units as it goes (the second
unit a process runs: the first includes tracing) and tells the estimate; a phase not begun yet
is either timed ahead of time on copies of the models (the adversarial method's `probe`, run
once MLE has timed its own epochs) or left unknown. Every estimate line a phase prints then
ends with the phases after it and the whole run's remaining time, so that a run of several
hours says so minutes after it starts, and says it again, refined, as each phase begins.

Example:

```python
estimate = RunEstimate([("MLE pretraining", "epoch", 120), ("Adversarial training", "epoch", 200)])
estimate.timed("MLE pretraining", seconds=3.4, done=2)
estimate.timed("Adversarial training", seconds=60.0)  # From a probe.
estimate.remaining()  # 118 * 3.4 + 200 * 60.0 seconds
```
"""

import dataclasses
import time

from tf_hebbgan.trainers.progress import duration


@dataclasses.dataclass
class PhaseCount:
    """One phase: its `units` (`unit` each), how many are `done`, seconds a unit (None:
    untimed)."""

    name: str
    unit: str
    units: int
    done: int = 0
    seconds: float | None = None

    @property
    def left(self):
        return max(self.units - self.done, 0)


class RunEstimate:
    """The phases of one run, in order, and what each has left.

    Args:
        phases: `(name, unit, units)` of every phase, in the order the run goes through them.
    """

    def __init__(self, phases):
        self.phases = [PhaseCount(name, unit, int(units)) for name, unit, units in phases]
        self._index = {phase.name: i for i, phase in enumerate(self.phases)}

    def phase(self, name):
        return self.phases[self._index[name]]

    def started(self, name, done):
        """`name` is under way at `done` units: every phase before it is over."""
        for phase in self.phases[: self._index[name]]:
            phase.done = phase.units
        self.phase(name).done = int(done)

    def timed(self, name, seconds, done=None):
        """A unit of `name` takes `seconds` (`done`: units of it over, if known)."""
        phase = self.phase(name)
        phase.seconds = float(seconds)
        if done is not None:
            self.started(name, done)

    def untimed_after(self, name):
        """The names of the phases after `name` that no one has timed yet."""
        return [p.name for p in self.phases[self._index[name] + 1 :] if p.seconds is None]

    def remaining(self, start=None):
        """Seconds the run has left from phase `start` on (default: the first), or None while
        a phase with units left is untimed."""
        total = 0.0
        for phase in self.phases[self._index[start] if start else 0 :]:
            if phase.left and phase.seconds is None:
                return None
            total += phase.left * (phase.seconds or 0.0)
        return total

    def after(self, name):
        """The words on the phases after `name`, for the end of `name`'s estimate line:
        `"then discriminator pretraining (50 rounds, about 12 min) and adversarial training
        (200 epochs, about 3.7 h): the whole run about 4.0 h"`; `""` if none follow."""
        later = [p for p in self.phases[self._index[name] + 1 :] if p.left]
        if not later:
            return ""
        parts = []
        for phase in later:
            count = f"{phase.left} {phase.unit}{'s' if phase.left != 1 else ''}"
            if phase.seconds is not None:
                count += f", about {duration(phase.left * phase.seconds)}"
            parts.append(f"{phase.name.lower()} ({count})")
        text = " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
        whole = self.remaining(name)
        if whole is None:
            return f"{text}, each timed as it starts"
        return f"{text}: the whole run about {duration(whole)} left"


def seconds_of(function):
    """Wall seconds of a second call of `function` (the first traces what it runs)."""
    function()
    start = time.perf_counter()
    function()
    return time.perf_counter() - start
