"""SafeCheckpoints: a broken or torn checkpoint never loses the previous one, or itself."""

import os

import numpy as np
import pytest
import tensorflow as tf

from tf_hebbgan.trainers.checkpoints import CheckpointError, SafeCheckpoints


def _checkpoints(directory, value=0.0):
    variable = tf.Variable(np.full((3,), value, "float32"))
    return SafeCheckpoints(tf.train.Checkpoint(v=variable), str(directory)), variable


def _saved(directory, values):
    checkpoints, variable = _checkpoints(directory)
    for value in values:
        variable.assign([value] * 3)
        checkpoints.save()
    return checkpoints


def test_keeps_the_newest_two_and_ignores_the_state_file(tmp_path):
    checkpoints = _saved(tmp_path, [1.0, 2.0, 3.0])
    assert [os.path.basename(path) for path in checkpoints.paths()] == ["ckpt-3", "ckpt-2"]
    (tmp_path / "checkpoint").write_text("garbage that tf.train.CheckpointManager would trust")
    restored, variable = _checkpoints(tmp_path)
    assert os.path.basename(restored.restore()) == "ckpt-3"
    np.testing.assert_array_equal(variable.numpy(), [3.0] * 3)


@pytest.mark.parametrize("damage", ["truncated data", "garbage index", "missing data"])
def test_a_broken_newest_checkpoint_falls_back_to_the_previous_one(damage, tmp_path, capsys):
    checkpoints = _saved(tmp_path, [1.0, 2.0])
    newest = checkpoints.paths()[0]
    data = [name for name in os.listdir(tmp_path) if name.startswith("ckpt-2.data")][0]
    if damage == "truncated data":
        with open(tmp_path / data, "r+b") as file:
            file.truncate(os.path.getsize(tmp_path / data) // 2)
    elif damage == "garbage index":
        (tmp_path / "ckpt-2.index").write_bytes(b"garbage")
    else:
        os.remove(tmp_path / data)
    restored, variable = _checkpoints(tmp_path)
    assert restored.restore().endswith("ckpt-1")
    np.testing.assert_array_equal(variable.numpy(), [1.0] * 3)
    assert "could not be read and were moved to" in capsys.readouterr().out
    assert os.path.exists(tmp_path / "broken" / (os.path.basename(newest) + ".index"))
    # The next save does not reuse the broken checkpoint's number.
    assert restored.save().endswith("ckpt-3")


def test_nothing_readable_is_an_error_and_everything_is_kept(tmp_path):
    checkpoints = _saved(tmp_path, [1.0])
    (tmp_path / "ckpt-1.index").write_bytes(b"garbage")
    with pytest.raises(CheckpointError, match="No checkpoint .* can be restored: ckpt-1"):
        checkpoints.restore()
    assert (tmp_path / "broken" / "ckpt-1.index").read_bytes() == b"garbage"
    assert _checkpoints(tmp_path)[0].restore() is None  # Then a run may start anew.


def test_an_unreadable_new_checkpoint_deletes_nothing(tmp_path, monkeypatch):
    checkpoints = _saved(tmp_path, [1.0, 2.0])
    before = sorted(os.listdir(tmp_path))

    def broken_write(prefix):
        path = tf.train.Checkpoint(v=tf.Variable([9.0] * 3)).write(prefix)
        with open(path + ".index", "wb") as file:
            file.write(b"torn")
        return path

    monkeypatch.setattr(checkpoints.checkpoint, "write", broken_write)
    with pytest.raises(Exception):  # noqa: B017 (TensorFlow's own error type)
        checkpoints.save()
    assert set(before) <= set(os.listdir(tmp_path))  # ckpt-1 and ckpt-2 are still there.


def test_a_link_planted_at_the_temporary_name_is_not_followed(tmp_path):
    checkpoints = _saved(tmp_path / "run", [1.0])
    victim = tmp_path / "victim"
    victim.mkdir()
    # TensorFlow's own temporary name for the next checkpoint, pointing elsewhere (TensorFlow
    # alone writes through it, or fails when it dangles, as here).
    os.symlink(victim / "planted", tmp_path / "run" / "ckpt-2_temp")
    checkpoints.checkpoint.v.assign([2.0] * 3)
    checkpoints.save()
    assert os.listdir(victim) == []
    assert os.path.basename(checkpoints.paths()[0]) == "ckpt-2"
    assert not [name for name in os.listdir(tmp_path / "run") if name.startswith(".writing")]


def test_a_full_disk_says_what_a_checkpoint_needs_and_leaves_no_partial_file(tmp_path, monkeypatch):
    checkpoints = _saved(tmp_path, [1.0])
    before = sorted(os.listdir(tmp_path))
    real_write = checkpoints.checkpoint.write

    def full_disk(prefix):  # What TensorFlow does on ENOSPC: a partial file, then the error.
        os.makedirs(prefix + "_temp")
        with open(prefix + "_temp/part-00000-of-00001.data-00000-of-00001", "wb") as file:
            file.write(b"half")
        raise tf.errors.ResourceExhaustedError(None, None, "SaveV2; No space left on device")

    monkeypatch.setattr(checkpoints.checkpoint, "write", full_disk)
    with pytest.raises(OSError, match=r"No space left on device .* needs about [\d.]+ MB free"):
        checkpoints.save()
    assert sorted(os.listdir(tmp_path)) == before  # No ckpt-2_temp, no private directory.
    monkeypatch.setattr(checkpoints.checkpoint, "write", real_write)
    checkpoints.save()  # Space again: the next save works.
    assert os.path.basename(checkpoints.paths()[0]) == "ckpt-2"
