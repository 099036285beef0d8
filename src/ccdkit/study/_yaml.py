"""Safe YAML loading that remembers the line and column of every key.

Only plain data is constructed (``yaml.SafeLoader``): tags such as
``!!python/object`` are refused. Duplicate keys are an error instead of silently
keeping the last one.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..exceptions import ConfigError

__all__ = ["load_yaml", "Positions"]

Positions = dict[tuple, tuple[int, int]]

#: Bounds of a config: values after expanding anchors and aliases, nesting depth, file size.
MAX_VALUES = 200_000
MAX_DEPTH = 50
MAX_CONFIG_BYTES = 5_000_000


def _walk(node: yaml.Node, path: tuple, positions: Positions, source: str,
          ancestors: tuple = (), budget: list | None = None) -> None:
    budget = budget if budget is not None else [MAX_VALUES]
    budget[0] -= 1
    where = f"line {node.start_mark.line + 1}"
    if budget[0] < 0:
        raise ConfigError(f"{source}: the config expands to more than {MAX_VALUES:,} values "
                          "(YAML anchors and aliases repeated within each other?); refused")
    if id(node) in ancestors:
        raise ConfigError(f"{source}: {where}: a YAML alias refers to a block that contains "
                          "it (recursive alias); refused")
    if len(ancestors) >= MAX_DEPTH:
        raise ConfigError(f"{source}: {where}: nested more than {MAX_DEPTH} levels deep")
    ancestors = ancestors + (id(node),)
    positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                raise ConfigError(
                    f"{source}: duplicate key {key!r} at line {key_node.start_mark.line + 1} "
                    f"(first at line {seen[key]})"
                )
            seen[key] = key_node.start_mark.line + 1
            _walk(value_node, path + (key,), positions, source, ancestors, budget)
            positions[path + (key,)] = (key_node.start_mark.line + 1,
                                        key_node.start_mark.column + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), positions, source, ancestors, budget)


def _hint(exc: yaml.MarkedYAMLError, text: str) -> str:
    mark = exc.problem_mark
    if mark is None:
        return ""
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    if "sequence entries are not allowed" in str(exc.problem) and ":" in line:
        return ' (hint: quote a lone minus sign, e.g. direction: "-")'
    if "\t" in line:
        return " (hint: YAML does not allow tab characters for indentation)"
    return ""


def load_yaml(path: str | Path) -> tuple[object, Positions]:
    """Load a YAML file safely; return the data and ``{key path: (line, column)}``.

    Raises
    ------
    ConfigError
        Missing file, YAML syntax error (with line and column), a tag that would
        construct a Python object, or a duplicate key.
    """
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"config file not found: {path}")
    if path.is_dir():
        raise ConfigError(f"{path} is a folder; give the study's YAML file, e.g. "
                          f"{path / 'study.yaml'}")
    if not path.is_file():
        raise ConfigError(f"{path} is not a regular file (a pipe or a device?)")
    size = path.stat().st_size
    if size > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: {size:,} bytes; a study config is a small text file "
                          f"(at most {MAX_CONFIG_BYTES:,} bytes)")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc})") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ConfigError(f"{path}: the file is empty")
        positions: Positions = {}
        _walk(node, (), positions, str(path))
        data = loader.construct_document(node)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown place"
        raise ConfigError(
            f"{path}: {where}: refused to construct {exc.problem.split(' ')[-1] if exc.problem else 'an object'}"
            f" — the config may contain plain data only (no !!python tags): {exc.problem}"
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown place"
        raise ConfigError(f"{path}: YAML syntax error at {where}: {exc.problem}{_hint(exc, text)}"
                          ) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: YAML error: {exc}") from None
    finally:
        loader.dispose()
    return data, positions
