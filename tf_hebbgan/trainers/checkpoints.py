"""`SafeCheckpoints`: numbered checkpoints that a torn write or a broken file never loses.

`tf.train.CheckpointManager` trusts its `checkpoint` state file: a garbage one makes it forget
every checkpoint (the run restarts from scratch) and its rotation then deletes the older ones.
Here the directory itself is the truth:
- `save()` writes `ckpt-N` with `tf.train.Checkpoint.write` (TensorFlow writes the data to a
  temporary name first), reads every saved tensor back, and only then deletes checkpoints
  beyond the newest `keep`: nothing older goes before a newer one is known readable.
- `restore()` tries the checkpoints from the newest down, restores the first that loads, and
  says in one line which ones it skipped and why. A broken checkpoint is moved to `broken/`,
  never deleted, so nothing that was there is lost.
"""

import glob
import os
import re
import shutil

import tensorflow as tf

_NUMBER = re.compile(r"ckpt-(\d+)\.index$")
BROKEN_DIR = "broken"


class CheckpointError(ValueError):
    """A checkpoint directory holds checkpoints, and none of them can be restored."""


class SafeCheckpoints:
    """The checkpoints of `checkpoint` (a `tf.train.Checkpoint`) in `directory`.

    Args:
        checkpoint: what is saved and restored.
        directory: where the `ckpt-N` files live.
        keep: how many verified checkpoints to keep (the newest).
        fallback: a `tf.train.Checkpoint` of fewer objects, tried when `checkpoint` does not
            match a saved one (an older layout); the caller says what that costs.

    Example:

    ```python
    step = tf.Variable(0)
    checkpoints = SafeCheckpoints(tf.train.Checkpoint(step=step), "/tmp/run/checkpoints")
    checkpoints.restore()  # None on a fresh run
    step.assign_add(1)
    checkpoints.save()
    ```
    """

    def __init__(self, checkpoint, directory, keep=2, fallback=None):
        self.checkpoint = checkpoint
        self.directory = directory
        self.keep = keep
        self.fallback = fallback
        self.restored_with_fallback = False

    def paths(self):
        """The checkpoint prefixes found in the directory, newest first."""
        found = [(_number(path), path) for path in _prefixes(self.directory)]
        return [path for _, path in sorted(found, reverse=True)]

    def next_path(self):
        """The prefix the next `save()` writes (numbers of broken checkpoints are not reused)."""
        broken = _numbers_in(os.path.join(self.directory, BROKEN_DIR))
        number = max([_number(path) for path in self.paths()] + broken, default=0) + 1
        return os.path.join(self.directory, f"ckpt-{number}")

    def save(self):
        """Writes the next checkpoint, verifies it, then drops the ones beyond `keep`."""
        os.makedirs(self.directory, exist_ok=True)
        path = self.checkpoint.write(self.next_path())
        verify(path)
        self.prune(self.keep)
        return path

    def prune(self, keep):
        """Deletes every checkpoint but the newest `keep`."""
        for old in self.paths()[keep:]:
            for file in glob.glob(old + ".*"):
                os.remove(file)

    def restore(self):
        """Restores the newest checkpoint that loads; returns its path, or None if none exist.

        Raises `CheckpointError` if checkpoints exist and none loads (all of them are then
        moved to `broken/`, so a new start cannot overwrite them).
        """
        skipped = []
        for path in self.paths():
            try:
                self._restore(path)
            except Exception as error:  # Any unreadable file means: try the older one.
                skipped.append((path, _first_line(error)))
                continue
            if skipped:
                names = ", ".join(f"{os.path.basename(p)} ({why})" for p, why in skipped)
                print(
                    f"Resumed from {os.path.basename(path)}: {names} could not be read and "
                    f"were moved to {os.path.join(self.directory, BROKEN_DIR)}."
                )
            self._move_broken([p for p, _ in skipped])
            return path
        if skipped:
            self._move_broken([p for p, _ in skipped])
            names = ", ".join(f"{os.path.basename(p)} ({why})" for p, why in skipped)
            raise CheckpointError(
                f"No checkpoint in {self.directory} can be restored: {names}. They were moved "
                f"to {os.path.join(self.directory, BROKEN_DIR)}; run again to start this phase "
                "anew."
            )
        return None

    def _restore(self, path):
        verify(path)
        try:
            self.checkpoint.read(path).assert_existing_objects_matched()
            self.restored_with_fallback = False
        except (AssertionError, ValueError):
            if self.fallback is None:
                raise
            self.fallback.read(path).assert_existing_objects_matched()
            self.restored_with_fallback = True

    def _move_broken(self, paths):
        if not paths:
            return
        target = os.path.join(self.directory, BROKEN_DIR)
        os.makedirs(target, exist_ok=True)
        for path in paths:
            for file in glob.glob(path + ".*"):
                shutil.move(file, os.path.join(target, os.path.basename(file)))


def _prefixes(directory):
    indexes = glob.glob(os.path.join(directory, "ckpt-*.index"))
    return [index[: -len(".index")] for index in indexes if _NUMBER.search(index)]


def _number(path):
    return int(_NUMBER.search(path + ".index").group(1))


def _numbers_in(directory):
    return [_number(path) for path in _prefixes(directory)]


def verify(path):
    """Reads every tensor of the checkpoint at `path`; raises if any cannot be read."""
    reader = tf.train.load_checkpoint(path)
    for name in reader.get_variable_to_shape_map():
        reader.get_tensor(name)


def _first_line(error):
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:200]
