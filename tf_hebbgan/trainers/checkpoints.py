"""`SafeCheckpoints`: numbered checkpoints that a torn write or a broken file never loses.

`tf.train.CheckpointManager` trusts its `checkpoint` state file: a garbage one makes it forget
every checkpoint (the run restarts from scratch) and its rotation then deletes the older ones.
Here the directory itself is the truth:
- `save()` writes `ckpt-N` with `tf.train.Checkpoint.write` into a new private directory (an
  unpredictable name, created exclusively: TensorFlow's own temporary `PREFIX_temp` name would
  follow a planted link), moves the files into place data first and index last, reads every
  saved tensor back, and only then deletes checkpoints beyond the newest `keep`: nothing older
  goes before a newer one is known readable. A write that fails (a full disk) leaves nothing
  behind and says how much space a checkpoint needs.
- `restore()` tries the checkpoints from the newest down, restores the first that loads, and
  says in one line which ones it skipped and why. A broken checkpoint is moved to `broken/`,
  never deleted, so nothing that was there is lost.
"""

import errno
import glob
import os
import re
import shutil
import tempfile

import tensorflow as tf

_NUMBER = re.compile(r"ckpt-(\d+)\.index$")
BROKEN_DIR = "broken"
_PRIVATE = ".writing."  # The prefix of a checkpoint's private directory while it is written.


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
        path = self.next_path()
        for stale in glob.glob(os.path.join(self.directory, _PRIVATE + "*")):
            shutil.rmtree(stale, ignore_errors=True)  # Of a write killed midway.
        private = tempfile.mkdtemp(prefix=_PRIVATE, dir=self.directory)
        try:
            written = self._write(os.path.join(private, os.path.basename(path)))
            data = sorted(glob.glob(glob.escape(written) + ".data-*"))
            for file in [*data, written + ".index"]:  # The index marks a checkpoint present.
                os.replace(file, os.path.join(self.directory, os.path.basename(file)))
        finally:
            shutil.rmtree(private, ignore_errors=True)
        verify(path)
        self.prune(self.keep)
        return path

    def _write(self, prefix):
        try:
            return self.checkpoint.write(prefix)
        except (tf.errors.ResourceExhaustedError, OSError) as error:
            if not _is_disk_full(error):
                raise
            needed = self.checkpoint_bytes()
            free = shutil.disk_usage(self.directory).free
            raise OSError(
                errno.ENOSPC,
                f"No space left on device to write a checkpoint in {self.directory}: the run "
                f"needs about {_megabytes(needed)} free there for each checkpoint "
                f"({_megabytes(free)} free now). Free some space and run the same command: "
                "it resumes from the last checkpoint, nothing saved was lost",
            ) from None

    def checkpoint_bytes(self):
        """The bytes a checkpoint takes: the newest saved one's, else its variables' sizes."""
        paths = self.paths()
        if paths:
            return sum(os.path.getsize(file) for file in glob.glob(glob.escape(paths[0]) + ".*"))
        return sum(
            variable.dtype.size * variable.shape.num_elements()
            for variable in tf.train.TrackableView(self.checkpoint).descendants()
            if isinstance(variable, tf.Variable)
        )

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


def _is_disk_full(error):
    return getattr(error, "errno", None) == errno.ENOSPC or "No space left" in str(error)


def _megabytes(size):
    return f"{size / 1e6:,.1f} MB"


def _first_line(error):
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:200]
