"""What a recipe or a run's config holds, field by field, for `hebbgan presets NAME` and
`hebbgan config --workdir DIR`.

Each field is printed with its value and its one-line description, the comment beside (or just
above) it in `Config`; a recipe's fields that differ from the recipe it builds on, and a run's
fields that differ from its recipe, are marked. Everything is read from the installed package,
so it works the same after `pip install` as in a checkout.
"""

import ast
import dataclasses
import inspect
import os

from tf_hebbgan import config as config_lib

CHANGED = "*"  # The mark of a field that differs from the base.


def field_descriptions():
    """`{field name: its description}`, from the comments in `Config`'s source."""
    descriptions, pending = {}, []
    for line in inspect.getsource(config_lib.Config).splitlines():
        text = line.strip()
        if text.startswith("#"):
            comment = text.lstrip("#").strip()
            if not comment.startswith("---"):  # A section heading, not a field's words.
                pending.append(comment)
            continue
        name, colon, rest = text.partition(":")
        if colon and name.isidentifier() and "=" in rest:
            inline = rest.partition("#")[2].strip().rpartition("---")[2].strip()
            descriptions[name] = inline or " ".join(pending)
        pending = []
    return descriptions


def recipe_bases(name):
    """The recipes that the recipe `name` loads (`load_preset("...")`), first the base."""
    path = _recipe_path(name)
    with open(path, encoding="utf-8") as file:
        tree = ast.parse(file.read())
    bases = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", "")) == "load_preset"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            bases.append(node.args[0].value)
    return sorted(set(bases), key=bases.index)


def describe_recipe(name):
    """The lines `hebbgan presets NAME` prints: the recipe, its base, every field."""
    config = config_lib.load_preset(name)
    bases = recipe_bases(name)
    base = config_lib.load_preset(bases[0]) if bases else config_lib.Config()
    origin = f"builds on {bases[0]}" if bases else "builds on the Config defaults"
    if len(bases) > 1:
        origin += f", takes fields from {', '.join(bases[1:])}"
    header = [
        f"{name}: {config_lib.preset_description(name)}",
        f"{origin}; {CHANGED} marks a field it changes. Override any with --set FIELD=VALUE.",
    ]
    return header + [""] + _field_lines(config, base)


def describe_run(workdir):
    """The lines `hebbgan config --workdir DIR` prints: the run's config against its recipe."""
    path = os.path.join(workdir, "config.json")
    config = config_lib.Config.from_json(path)
    try:
        recipe = config_lib.load_preset(config.preset)
        origin = f"recipe {config.preset}; {CHANGED} marks a field set on the command line"
    except ValueError:  # A recipe that no longer exists: compare with the defaults.
        recipe = config_lib.Config()
        origin = f"recipe {config.preset!r} (not found here; {CHANGED}: not the default)"
    return [f"{workdir}: {origin}.", ""] + _field_lines(config, recipe)


def _field_lines(config, base):
    descriptions = field_descriptions()
    fields = [field.name for field in dataclasses.fields(config) if field.name != "preset"]
    width = max(len(f"{name} = {getattr(config, name)!r}") for name in fields) + 2
    lines = []
    for name in fields:
        value = getattr(config, name)
        mark = CHANGED if value != getattr(base, name) else " "
        setting = f"{name} = {value!r}"
        lines.append(f"{mark} {setting:<{width}}# {descriptions.get(name, '')}".rstrip())
    return lines


def _recipe_path(name):
    config_lib.preset_description(name)  # A one-line ValueError for an unknown name.
    for directory in config_lib._RECIPE_DIRS:
        path = os.path.join(directory, f"{name}.py")
        if os.path.isfile(path):
            return path
    raise ValueError(f"Unknown preset {name!r}.")
