"""Every benchmark module imports beside the others: tests import several into one process."""

import importlib.util
import os
import pathlib
import re
import subprocess
import sys

BENCHMARKS = pathlib.Path(__file__).resolve().parents[2] / "benchmarks"


def test_every_benchmark_imports_beside_the_others():
    names = sorted(path.stem for path in BENCHMARKS.glob("*.py"))
    if importlib.util.find_spec("torch") is None:  # The ".[bench]" extra brings torch.
        imports_torch = re.compile(r"^(import|from) torch", re.MULTILINE)
        names = [n for n in names if not imports_torch.search((BENCHMARKS / f"{n}.py").read_text())]
    assert "reinforce_rows" in names and "fused_cross_entropy" in names
    # One process imports them all: a flag defined at import by two of them would clash.
    code = "; ".join(f"import {name}" for name in names)
    code += "; from absl import flags; print(sorted(flags.FLAGS))"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(BENCHMARKS), str(BENCHMARKS.parent)]))
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "'repeats'" not in result.stdout  # The benchmarks' own flags wait for their run.
