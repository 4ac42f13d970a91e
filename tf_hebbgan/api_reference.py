"""The API reference (docs/api.md), rendered from what each subpackage exports.

    python -m tf_hebbgan.api_reference > docs/api.md

For every name in a subpackage's `__all__`: its signature, the first paragraph of its
docstring and the docstring's example, if it has one. A test renders it again and compares,
so the reference cannot drift from the code.
"""

import importlib
import inspect

PACKAGES = {
    "layers": "Keras layers: plastic, recurrent and highway.",
    "models": "Generators, discriminators and the SeqGAN oracle, as Keras models.",
    "losses": "GAN, policy-gradient and moment-matching losses: pure functions.",
    "samplers": "Sampling: categorical draws, autoregressive loops, rollouts, Gumbel-softmax.",
    "metrics": "NLL-oracle, NLL-test, BLEU and self-BLEU; recall on the recall corpus.",
    "data": "The oracle's data, text corpora, vocabularies, tokenizing and detokenizing.",
    "optimizers": "Adam with the global-norm clip over replicas, and its fused form.",
    "trainers": "Running a recipe: train, evaluate, sample, and the trainers of each family.",
}


def render():
    """The reference as Markdown text."""
    lines = [
        "# API reference",
        "",
        "What each subpackage of `tf_hebbgan` exports (`from tf_hebbgan.layers import "
        "PlasticDense`). Rendered by `python -m tf_hebbgan.api_reference > docs/api.md`.",
    ]
    for package, summary in PACKAGES.items():
        module = importlib.import_module(f"tf_hebbgan.{package}")
        lines += ["", f"## tf_hebbgan.{package}", "", summary]
        for name in module.__all__:
            lines += ["", *_entry(f"tf_hebbgan.{package}.{name}", getattr(module, name))]
    return "\n".join(lines) + "\n"


def _entry(path, value):
    if not (inspect.isclass(value) or inspect.isfunction(value)):
        return [f"### `{path}`", "", f"A constant: `{type(value).__name__}`."]
    try:
        signature = str(inspect.signature(value))
    except (TypeError, ValueError):
        signature = "(...)"
    kind = "class" if inspect.isclass(value) else "function"
    doc = inspect.getdoc(value) or ""
    summary = doc.split("\n\n")[0].replace("\n", " ")
    lines = [f"### `{path}`", "", f"{kind} `{value.__name__}{signature}`", "", summary]
    if "```python" in doc:
        example = doc[doc.index("```python") :]
        lines += ["", example[: example.index("```", len("```python")) + 3]]
    return lines


if __name__ == "__main__":
    print(render(), end="")
