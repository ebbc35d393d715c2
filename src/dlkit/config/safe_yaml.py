"""YAML text to Python values with bounds on the work a hostile file can cause.

``yaml.safe_load`` builds nothing dangerous, but an alias "billion laughs" expands to billions of
nodes once anything walks or copies the result, and a 100,000-digit integer makes Python's ``int``
raise ``ValueError``. ``read`` composes the node graph first, counts the nodes the document would
hold with every alias expanded (linear work: each anchored node is sized once), and refuses more
than ``MAX_NODES`` before constructing anything. Called by ``config/load.py`` (recipes, --config
files, --set values) and by the run-summary reader.
"""

from __future__ import annotations

from typing import Any

MAX_NODES = 100_000  # the largest packaged recipe has a few hundred nodes
MAX_DEPTH = 50  # no recipe nests deeper; 5,000-deep files stop here


class YamlTooBig(ValueError):
    """The document expands past ``MAX_NODES`` nodes or nests deeper than ``MAX_DEPTH``."""


class YamlBadValue(ValueError):
    """A scalar that cannot become a value (an integer with more digits than Python allows)."""


def _expanded_size(root: Any) -> tuple[int, int]:
    """(nodes, depth) of the document with aliases expanded, without expanding them."""
    import yaml

    sizes: dict[int, tuple[int, int]] = {}

    def visit(node: Any, level: int) -> tuple[int, int]:
        if level > MAX_DEPTH:
            raise YamlTooBig(f"nests too deep (more than {MAX_DEPTH} levels)")
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = (1, 1)  # a recursive alias counts once instead of looping
        count, depth = 1, 1
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            children = []
        for child in children:
            n, d = visit(child, level + 1)
            count, depth = count + n, max(depth, d + 1)
            if count > MAX_NODES:
                raise YamlTooBig(f"expands to more than {MAX_NODES:,} values (nested aliases?)")
        sizes[id(node)] = (count, depth)
        return count, depth

    return visit(root, 0)


def _bad_value(exc: ValueError) -> str:
    import sys

    if "digits" in str(exc):
        limit = sys.get_int_max_str_digits()
        return f"holds a number with more than {limit:,} digits; no setting needs one"
    return f"holds a value that cannot be read ({exc})"  # e.g. a date 2024-13-45


def read(text: str) -> Any:
    """The value of one YAML document; ``YamlTooBig``/``YamlBadValue`` for what the bounds refuse
    and ``yaml.YAMLError`` for malformed text."""
    import yaml

    loader = yaml.SafeLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:
            raise YamlTooBig(f"nests too deep (more than {MAX_DEPTH} levels)") from None
        if node is None:
            return None
        _expanded_size(node)
        try:
            return loader.construct_document(node)
        except ValueError as exc:  # int('1' * 100_000): Python's digit limit
            if isinstance(exc, yaml.YAMLError):
                raise
            raise YamlBadValue(_bad_value(exc)) from None
        except RecursionError:
            raise YamlTooBig(f"nests too deep (more than {MAX_DEPTH} levels)") from None
    finally:
        loader.dispose()
