"""The SHA-256 of a run's recipe, vocabulary and precision, recorded and checked on every read.

A `vocabulary.txt` edited after training (a line removed, two swapped) still loads, and every
sentence sampled through it has the wrong words; a `config.json` edited after training makes
`evaluate` score on other data; a `precision.json` edited would resume the run in another
precision. `record` writes `checksums.json` once the run has written them; `check` refuses a
workdir whose files differ from it in one line. Runs written before the checksums existed have
none, and are read as before.
"""

import hashlib
import os

from tf_hebbgan.files import read_json, write_json

CHECKSUM_FILE = "checksums.json"
CHECKED_FILES = ("config.json", "vocabulary.txt", "precision.json")


def sha256(path):
    """The hex SHA-256 of the file at `path`."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def record(workdir):
    """Writes `checksums.json` for the files of `CHECKED_FILES` that `workdir` holds."""
    present = [name for name in CHECKED_FILES if os.path.exists(os.path.join(workdir, name))]
    write_json(
        os.path.join(workdir, CHECKSUM_FILE),
        {name: sha256(os.path.join(workdir, name)) for name in present},
    )


def check(workdir):
    """Raises a one-line ValueError if a file of `workdir` differs from its recorded checksum."""
    path = os.path.join(workdir, CHECKSUM_FILE)
    if not os.path.exists(path):
        return
    recorded = read_json(path)
    if not isinstance(recorded, dict):
        raise ValueError(f"{path} is not a checksum record; restore it from a copy of the run.")
    for name, expected in sorted(recorded.items()):
        file = os.path.join(workdir, name)
        if not os.path.exists(file):
            raise ValueError(f"{workdir} lost its {name} (recorded in {CHECKSUM_FILE}).")
        if sha256(file) != expected:
            what = {
                "vocabulary.txt": "Vocabulary mismatch: its words would not match the "
                "generator's tokens",
                "config.json": "the recipe no longer describes the trained run",
                "precision.json": "the run would resume in another precision",
            }.get(name, "it is not the file the run wrote")
            raise ValueError(
                f"{file} was changed after the run wrote it (its SHA-256 differs from "
                f"{CHECKSUM_FILE}); {what}. Restore the file; nothing was changed."
            )
