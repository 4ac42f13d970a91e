"""Small file helpers shared by the trainers and the studies; every write is atomic.

An interrupted write or copy leaves the old file or none, never half a file: each goes to a
temporary file first and is renamed over `path` (`os.replace`, atomic on POSIX). The temporary
file is created exclusively (`O_CREAT | O_EXCL | O_NOFOLLOW`, `tempfile.mkstemp`) under an
unpredictable name in the target's directory, so a link planted beside the target can neither
redirect the write nor become the output; a link at `path` itself is replaced, not followed.
"""

import contextlib
import json
import os
import shutil
import sys
import tempfile

_UMASK = os.umask(0)
os.umask(_UMASK)


def temporary_path(path, suffix=".tmp"):
    """A new, empty file beside `path`, created exclusively; returns its path.

    For writers that take a path (Keras' `model.save`): the name cannot be guessed in advance,
    so nothing can be planted there. Readable as an ordinary new file would be (the umask's
    mode, not `mkstemp`'s 0600).
    """
    directory, name = os.path.split(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=suffix, dir=directory)
    os.fchmod(fd, 0o666 & ~_UMASK)
    os.close(fd)
    return temporary


@contextlib.contextmanager
def atomic_writer(path, mode="w", **open_args):
    """A file object whose contents replace `path` when the block ends without an error.

    On an error (or an interruption) the temporary file goes and `path` is as it was.
    """
    temporary = temporary_path(path)
    try:
        with open(temporary, mode, **open_args) as file:
            yield file
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(temporary)
        raise


def write_json(path, values):
    """Writes `values` to `path` as JSON, atomically."""
    with atomic_writer(path) as file:
        json.dump(values, file, indent=2, sort_keys=True)


def write_text(path, text):
    """Writes `text` to `path` as UTF-8, atomically."""
    with atomic_writer(path, encoding="utf-8", newline="") as file:
        file.write(text)


def read_json(path):
    """The JSON in `path`, or a ValueError that names the file."""
    try:
        with open(path) as file:
            return json.load(file)
    except (OSError, json.JSONDecodeError) as error:
        raise ValueError(f"Could not read {path}: {error}") from error


def copy_file(source, target):
    """Copies `source` to `target` atomically."""
    with open(source, "rb") as reader, atomic_writer(target, "wb") as writer:
        shutil.copyfileobj(reader, writer)


def copy_files(source, target, names):
    """Copies `names` from directory `source` to `target`, each atomically, in that order."""
    os.makedirs(target, exist_ok=True)
    for name in names:
        copy_file(os.path.join(source, name), os.path.join(target, name))


def load_keras(path):
    """`keras.saving.load_model(path, safe_mode=True)`, or a one-line ValueError for a
    missing, truncated or corrupt `.keras` file.

    Keras restores an optimizer's slots by position, in the order of the model's variables
    now; a file written when a model created its layers in another order holds the same
    weights but slots that no longer line up, and Keras refuses it. Such a model is loaded
    without its optimizer (uncompiled), with a notice on stderr: the weights are what a run
    starts from and what sampling, scoring and export use.
    """
    import zipfile

    import keras

    if not zipfile.is_zipfile(path):
        raise ValueError(f"{path} is not a readable .keras file (truncated or corrupt).")
    try:
        return keras.saving.load_model(path, safe_mode=True)  # No lambdas, no pickle.
    except Exception as error:  # Keras raises many kinds for a damaged archive.
        if "could not be loaded" in str(error) and "optimizers" in str(error):
            try:
                model = keras.saving.load_model(path, safe_mode=True, compile=False)
            except Exception:
                pass
            else:
                print(
                    f"{path}: its optimizer state does not fit this version's order of the "
                    "model's variables and is left out; the weights are loaded.",
                    file=sys.stderr,
                )
                return model
        raise ValueError(f"{path} is corrupt or unreadable: {error}") from error
