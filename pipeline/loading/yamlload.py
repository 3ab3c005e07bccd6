"""YAML as the sources use it: safe, small, and with the line of every value.

- libyaml's C parser when PyYAML has it (several times faster);
- anchors and aliases are refused (an alias bomb, "billion laughs", would otherwise make
  whatever walks the result run until it is killed), and so is nesting deeper than
  ``MAX_DEPTH`` or more than ``MAX_NODES`` values;
- dates stay text, so that the schema can check them and name the line (PyYAML turns
  ``2026-13-01`` into a ValueError without a line, and ``1. November 2026`` into text);
- every mapping and list comes back as :class:`LineDict` / :class:`LineList`, which know
  the line of each key or item (1-based, counted in the file the text came from).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 20
MAX_NODES = 100_000


@dataclass
class YamlProblem(Exception):
    """The text is not YAML the sources may use; ``line`` is 1-based (None: unknown)."""
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return self.message


class LineDict(dict):
    """A mapping that knows its own line and the line of each key."""
    line: int = 0
    key_lines: dict

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A list that knows its own line and the line of each item."""
    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


class _Loader(_BASE):  # type: ignore[misc,valid-type]
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    data = LineDict()
    data.line, data.key_lines = node.start_mark.line + 1, {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise YamlProblem("a mapping key must be a plain value", key_node.start_mark.line + 1) from None
        if key in data:
            raise YamlProblem(f"key {key!r} is given twice", key_node.start_mark.line + 1)
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = key_node.start_mark.line + 1
    return data


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    data = LineList(loader.construct_object(child, deep=True) for child in node.value)
    data.line = node.start_mark.line + 1
    data.item_lines = [child.start_mark.line + 1 for child in node.value]
    return data


def _as_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _as_text)


def _line_of(event: yaml.Event) -> int | None:
    """The 1-based line an event starts on (None: the parser did not say)."""
    return event.start_mark.line + 1 if event.start_mark is not None else None


def _screen(text: str) -> None:
    """Refuse aliases, anchors, deep nesting and huge documents before building anything."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_BASE):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlProblem("YAML anchors and aliases (&name, *name) are not allowed in the "
                              "sources; write the value out", _line_of(event))
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep", _line_of(event))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            nodes += 1
            if nodes > MAX_NODES:
                raise YamlProblem(f"more than {MAX_NODES} values: not an edition's settings",
                                  _line_of(event))


def load_yaml(text: str, line_offset: int = 0) -> Any:
    """Parse ``text``, which starts ``line_offset`` lines into its file: every line in the
    result and in a :class:`YamlProblem` is the file's."""
    try:
        _screen(text)
        value = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except YamlProblem as exc:
        raise YamlProblem(exc.message, exc.line + line_offset if exc.line else None) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 1 + line_offset) if mark else None
        raise YamlProblem(f"invalid YAML: {getattr(exc, 'problem', None) or exc}", line) from None
    except RecursionError:
        raise YamlProblem("nested too deeply", None) from None
    if line_offset:
        _shift(value, line_offset)
    return value


def _shift(value: Any, offset: int) -> None:
    if isinstance(value, LineDict):
        value.line += offset
        value.key_lines = {k: v + offset for k, v in value.key_lines.items()}
        for child in value.values():
            _shift(child, offset)
    elif isinstance(value, LineList):
        value.line += offset
        value.item_lines = [v + offset for v in value.item_lines]
        for child in value:
            _shift(child, offset)


