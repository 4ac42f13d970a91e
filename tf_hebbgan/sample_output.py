"""Where `hebbgan sample` writes: a checked `--output` file, or standard output, as drawn."""

import contextlib
import os
import sys


def check_output(output, workdir, overwrite):
    """`--output` must be a new file (an existing one with `overwrite`) outside the run."""
    path = os.path.realpath(output)
    if os.path.isdir(output) or not os.path.isdir(os.path.dirname(path)):
        raise ValueError(f"--output {output}: not a file in an existing directory.")
    run = os.path.realpath(workdir)
    if os.path.commonpath([path, run]) == run:
        raise ValueError(
            f"--output {output} is inside --workdir {workdir}: it would change the run."
        )
    if os.path.exists(output) and not overwrite:
        raise ValueError(f"--output {output} exists; --overwrite replaces it.")


def write_chunks(chunks, file, total):
    """Writes each chunk of lines as it comes; progress on stderr when there are several."""
    progress = None
    for chunk in chunks:
        file.write("\n".join(chunk) + "\n")
        file.flush()
        if progress is None and len(chunk) < total:
            import keras

            from tf_hebbgan.trainers.progress import redraws_in_place

            verbose = 1 if redraws_in_place(sys.stderr) else 2  # A log: one line at the end.
            with contextlib.redirect_stdout(sys.stderr):
                progress = keras.utils.Progbar(total, verbose=verbose, unit_name="sequence")
        if progress is not None:
            with contextlib.redirect_stdout(sys.stderr):  # Never into the sampled lines.
                progress.add(len(chunk))
