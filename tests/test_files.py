"""The atomic writers: whole files or none, never through a link planted beside the target."""

import json
import os

import numpy as np
import pytest

from tf_hebbgan.files import atomic_writer, copy_file, write_json, write_text


@pytest.mark.parametrize("write", ["json", "text", "copy"])
def test_a_link_planted_at_the_old_temporary_name_or_the_target_is_not_followed(write, tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("precious")
    target = tmp_path / "out.json"
    os.symlink(victim, str(target) + ".tmp")  # The predictable name earlier versions used.
    source = tmp_path / "source"
    source.write_text('{"a": 1}')
    for _ in range(2):  # Second round: the target itself is now a planted link.
        if write == "json":
            write_json(str(target), {"a": 1})
        elif write == "text":
            write_text(str(target), '{"a": 1}')
        else:
            copy_file(str(source), str(target))
        assert victim.read_text() == "precious"
        assert not os.path.islink(target) and json.loads(target.read_text()) == {"a": 1}
        os.remove(target)
        os.symlink(victim, target)
    leftovers = sorted(name for name in os.listdir(tmp_path) if name.startswith(".out.json"))
    assert leftovers == []


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "results.json"
    write_json(str(target), {"old": True})
    with pytest.raises(RuntimeError):
        with atomic_writer(str(target)) as file:
            file.write('{"new": ')
            raise RuntimeError("killed midway")
    assert json.loads(target.read_text()) == {"old": True}
    assert os.listdir(tmp_path) == ["results.json"]
    mode = os.stat(target).st_mode & 0o777
    assert mode == 0o666 & ~_umask()  # An ordinary new file's mode, not mkstemp's 0600.


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_model_whose_optimizer_slots_are_in_another_order_loads_its_weights(tmp_path, capfd):
    # What a file of a version that created the generator's layers in another order holds:
    # the same weights, and optimizer slots that no longer line up with them.
    import keras

    from tf_hebbgan.files import load_keras
    from tf_hebbgan.models import LSTMGenerator

    generator = LSTMGenerator(12, 4, 4, 5, seed=0)
    generator.compile(optimizer=keras.optimizers.Adam(1e-2))
    generator.optimizer.build(list(reversed(generator.trainable_variables)))
    path = str(tmp_path / "generator.keras")
    generator.save(path)
    loaded = load_keras(path)
    for expected, actual in zip(generator.get_weights(), loaded.get_weights(), strict=True):
        np.testing.assert_array_equal(actual, expected)
    assert "optimizer state does not fit" in capfd.readouterr().err
