"""Safe YAML loading that remembers line numbers, so spec errors can say where.

`yaml.safe_load` semantics (no Python objects), plus: duplicate keys are errors, alias expansion is bounded, and
every mapping knows the line of each key.
"""

from __future__ import annotations

from typing import Any

import yaml

from mathgrade.errors import SpecError

MAX_SPEC_BYTES = 2_000_000
MAX_ALIASES = 100
MAX_EXPANDED_NODES = 200_000


class LineDict(dict):  # type: ignore[type-arg]
    """A dict from YAML that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]


class _Loader(yaml.SafeLoader):
    """SafeLoader that records lines, refuses duplicate keys and counts aliases (billion-laughs guard)."""

    def __init__(self, stream: str, filename: str) -> None:
        super().__init__(stream)
        self.filename = filename
        self.alias_count = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                raise SpecError(f"more than {MAX_ALIASES} YAML aliases", file=self.filename)
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        out = LineDict()
        out.line = node.start_mark.line + 1
        out.key_lines = {}
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (int, float)) and not isinstance(key, bool):
                key = str(key_node.value)  # part ids like 1 or 2.5 stay as written
            if key in out:
                raise SpecError(f"duplicate key {key!r}", file=self.filename, line=key_node.start_mark.line + 1,
                                field=str(key))
            out.key_lines[key] = key_node.start_mark.line + 1
            out[key] = self.construct_object(value_node, deep=True)
        return out


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)


def load_yaml(text: str, filename: str) -> Any:
    """Parse YAML text safely. Raises SpecError with file and line on any problem."""
    if len(text.encode("utf-8", errors="replace")) > MAX_SPEC_BYTES:
        raise SpecError(f"file larger than {MAX_SPEC_BYTES} bytes", file=filename)
    loader = _Loader(text, filename)
    try:
        node = loader.get_single_node()
        if node is not None and _expanded_size(node) > MAX_EXPANDED_NODES:
            # A few dozen aliases can stand for billions of nodes; whatever walks the data later would hang.
            raise SpecError(f"the YAML expands to more than {MAX_EXPANDED_NODES} values through aliases",
                            file=filename)
        return None if node is None else loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise SpecError(f"not valid YAML: {exc.problem}", file=filename,
                        line=(mark.line + 1) if mark else None) from None
    except yaml.YAMLError as exc:
        raise SpecError(f"not valid YAML: {exc}", file=filename) from None
    finally:
        loader.dispose()


def _expanded_size(root: Any) -> int:
    """How many nodes the document has once every alias is expanded (shared nodes counted each time)."""
    memo: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in memo:
            continue
        children: list[Any] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        if done or not children:
            memo[id(node)] = 1 + sum(memo.get(id(c), 1) for c in children)
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in memo)
    return memo[id(root)]


def line_of(mapping: Any, key: Any | None = None) -> int | None:
    """The line of `key` in a mapping loaded by `load_yaml` (or of the mapping itself)."""
    if not isinstance(mapping, LineDict):
        return None
    if key is not None and key in mapping.key_lines:
        return mapping.key_lines[key]
    return mapping.line or None
