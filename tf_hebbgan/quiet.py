"""TensorFlow's start-up lines kept off the terminal: filtered on file descriptor 2.

TensorFlow's C++ code writes INFO and WARNING lines (oneDNN, CPU features) to the descriptor
directly, some before `TF_CPP_MIN_LOG_LEVEL` applies, and on a machine without a GPU an ERROR
line about CUDA when it first probes for one. `filtered_stderr` passes every other line on.
`import tf_hebbgan` imports TensorFlow, when something first asks for it, under the filter and
probes for GPUs there (which does not fix the device configuration), so a library user sees
none of it; `TF_CPP_MIN_LOG_LEVEL=0` shows everything.
"""

import contextlib
import functools
import os
import re
import sys
import threading

# TensorFlow's C++ log lines that say nothing about the command: INFO and WARNING lines
# (oneDNN, CPU features, some before its log level applies), CUDA probing on a machine
# without a GPU, and oneDNN's note that it leaves int64 ops to Eigen.
_NOISE = re.compile(
    r"^(WARNING: All log messages before absl::InitializeLog\(\)|[IW]\d{4} "
    r"|E\d{4} .*(cuda|CUDA|cuInit|GPU|oneDNN supports)|To enable the following instructions)"
)


@contextlib.contextmanager
def filtered_stderr():
    """Drops TensorFlow's C++ log noise (`_NOISE`) from file descriptor 2 while it runs.

    TensorFlow's C++ code writes to the descriptor directly, some of it before its log level
    applies, so a thread reads the descriptor through a pipe and passes on every other line.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    read_end, write_end = os.pipe()
    os.dup2(write_end, 2)
    os.close(write_end)

    target_fd = os.dup(saved)  # The thread's own copy: `saved` is closed when this ends.

    def pump():
        with os.fdopen(read_end, "rb") as source, os.fdopen(target_fd, "wb") as target:
            for line in source:
                if not _NOISE.match(line.decode("utf-8", errors="replace")):
                    target.write(line)
                    target.flush()

    thread = threading.Thread(target=pump, daemon=True)
    thread.start()
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)  # The pipe's last writer goes: the thread reads to the end, stops.
        os.close(saved)
        thread.join(timeout=10)


def quiet_main(main):
    """`main` for `absl.app.run`, run the way the `hebbgan` command runs: absl's INFO lines (a
    line per checkpoint saved) left out unless `--verbosity` is given, and TensorFlow's C++
    log noise dropped by `filtered_stderr`, unless `TF_CPP_MIN_LOG_LEVEL=0` asks for it.

    Example:

    ```python
    if __name__ == "__main__":
        app.run(quiet_main(main))
    ```
    """

    @functools.wraps(main)
    def quiet(argv):
        from absl import flags, logging

        if not flags.FLAGS["verbosity"].present:
            logging.set_verbosity(logging.WARNING)
        if os.environ.get("TF_CPP_MIN_LOG_LEVEL") == "0":
            return main(argv)
        with filtered_stderr():
            return main(argv)

    return quiet
