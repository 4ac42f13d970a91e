"""`WorkdirLock`: one training process per workdir, held for as long as the process lives.

The lock is an OS advisory lock (`flock`) on the workdir directory itself, so it writes nothing
into the run and the kernel releases it when the process ends, by SIGKILL too: no stale lock
file to clean up. A second trainer is refused in one line naming the holder's PID (read from
`/proc/locks` on Linux). Readers (`sample`, `evaluate`, `export`) never take it; they ask
`training_pid(workdir)` to say when what they read is not final.
"""

import fcntl
import os


class WorkdirBusyError(ValueError):
    """Another process is training in the workdir."""


class WorkdirLock:
    """An exclusive lock on `workdir` (an existing directory) for one training process.

    Example:

    ```python
    os.makedirs("/tmp/run", exist_ok=True)
    with WorkdirLock("/tmp/run"):
        ...  # a second process entering here gets a WorkdirBusyError
    ```
    """

    def __init__(self, workdir):
        self.workdir = workdir
        self._fd = None

    def acquire(self):
        """Takes the lock, or raises `WorkdirBusyError` naming the process that holds it."""
        fd = os.open(self.workdir, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise WorkdirBusyError(
                f"{self.workdir} is in use by {_holder_words(self.workdir)}: one run per "
                "workdir. Wait for it to end (or stop it), then the same command resumes the "
                "run; nothing was changed."
            ) from None
        self._fd = fd
        return self

    def release(self):
        if self._fd is not None:
            os.close(self._fd)  # Closing the descriptor releases the lock.
            self._fd = None

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc_info):
        self.release()


def training_pid(workdir):
    """The PID of the process training in `workdir` (0 if it cannot be told), or None."""
    try:
        fd = os.open(workdir, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return _holder_pid(workdir) or 0
    finally:
        os.close(fd)  # Also drops the shared lock taken when nobody trains.
    return None


def _holder_words(workdir):
    pid = _holder_pid(workdir)
    return f"another training process (PID {pid})" if pid else "another training process"


def _holder_pid(workdir):
    """The PID that holds a `flock` on `workdir`, from `/proc/locks`; None elsewhere."""
    try:
        status = os.stat(workdir)
        with open("/proc/locks") as file:
            lines = file.read().splitlines()
    except OSError:
        return None
    device = f"{os.major(status.st_dev):02x}:{os.minor(status.st_dev):02x}:{status.st_ino}"
    for line in lines:
        fields = line.split()
        # "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF" (a blocked waiter has "->").
        if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5] == device:
            return int(fields[4])
    return None
