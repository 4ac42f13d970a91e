"""Small file helpers shared by the trainers and the studies; every write is atomic.

An interrupted write or copy leaves the old file or none, never half a file: each goes to
`path.tmp` first and is renamed over `path` (`os.replace`, atomic on POSIX).
"""

import json
import os
import shutil


def write_json(path, values):
    """Writes `values` to `path` as JSON, atomically."""
    with open(path + ".tmp", "w") as file:
        json.dump(values, file, indent=2, sort_keys=True)
    os.replace(path + ".tmp", path)


def write_text(path, text):
    """Writes `text` to `path` as UTF-8, atomically."""
    with open(path + ".tmp", "w", encoding="utf-8", newline="") as file:
        file.write(text)
    os.replace(path + ".tmp", path)


def read_json(path):
    """The JSON in `path`, or a ValueError that names the file."""
    try:
        with open(path) as file:
            return json.load(file)
    except (OSError, json.JSONDecodeError) as error:
        raise ValueError(f"Could not read {path}: {error}") from error


def copy_file(source, target):
    """Copies `source` to `target` atomically."""
    shutil.copyfile(source, target + ".tmp")
    os.replace(target + ".tmp", target)


def copy_files(source, target, names):
    """Copies `names` from directory `source` to `target`, each atomically, in that order."""
    os.makedirs(target, exist_ok=True)
    for name in names:
        copy_file(os.path.join(source, name), os.path.join(target, name))


def load_keras(path):
    """`keras.saving.load_model(path, safe_mode=True)`, or a one-line ValueError for a
    missing, truncated or corrupt `.keras` file."""
    import zipfile

    import keras

    if not zipfile.is_zipfile(path):
        raise ValueError(f"{path} is not a readable .keras file (truncated or corrupt).")
    try:
        return keras.saving.load_model(path, safe_mode=True)  # No lambdas, no pickle.
    except Exception as error:  # Keras raises many kinds for a damaged archive.
        raise ValueError(f"{path} is corrupt or unreadable: {error}") from error
