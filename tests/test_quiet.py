"""TensorFlow's log noise kept off the terminal of the `hebbgan` command and the scripts."""

import os

from absl import flags, logging

from tf_hebbgan.quiet import filtered_stderr, quiet_main

NOISE = (
    b"I0000 00:00:1796632043.316838    2494 port.cc:153] oneDNN custom operations are on.\n"
    b"E0000 00:00:1796632043.316838    2494 util.cc:131] oneDNN supports DT_INT64 only on "
    b"platforms with AVX-512. Falling back to the default Eigen-based implementation.\n"
    b"E0000 00:00:1796631958.868802    2079 cuda_executor.cc:1] failed call to cuInit\n"
)
KEPT = b"E0000 00:00:1796631958.868802    2079 op_kernel.cc:1] a real error\nmy own line\n"


def _write_to_fd_2():
    os.write(2, NOISE + KEPT)


def test_filtered_stderr_drops_the_noise_and_passes_everything_else(capfd):
    with filtered_stderr():
        _write_to_fd_2()
    assert capfd.readouterr().err == KEPT.decode()


def test_a_script_main_runs_quietly_and_returns_what_main_returns(capfd, monkeypatch):
    monkeypatch.delenv("TF_CPP_MIN_LOG_LEVEL", raising=False)
    if not flags.FLAGS.is_parsed():
        flags.FLAGS(["script"])
    before = logging.get_verbosity()
    try:
        logging.set_verbosity(logging.INFO)

        def main(argv):
            _write_to_fd_2()
            return (argv, logging.get_verbosity())

        assert quiet_main(main)(["script"]) == (["script"], logging.WARNING)
        assert capfd.readouterr().err == KEPT.decode()
        # TF_CPP_MIN_LOG_LEVEL=0 asks for every line.
        monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "0")
        quiet_main(main)(["script"])
        assert capfd.readouterr().err == (NOISE + KEPT).decode()
    finally:
        logging.set_verbosity(before)
