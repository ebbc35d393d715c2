"""The search space of ``dlkit tune``: ``KEY=SPEC`` items (``--space`` or the recipe's ``tune:``
section) parsed into ``Param``s and checked against the recipe before the first trial.

A SPEC is ``loguniform(a,b)``, ``uniform(a,b)``, ``int(a,b)`` or ``choice(x,y,...)``; its values are
read as YAML (nothing is evaluated). ``check`` sets each key to the ends of its range (or each
choice) in a copy of the recipe and runs the one config validator over it, so an unknown key gets
its did-you-mean and a value the key cannot take is refused, one line, exit 2.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from dlkit.errors import UsageError

KINDS = ("loguniform", "uniform", "int", "choice")
_SPEC = re.compile(r"^\s*([A-Za-z_]+)\s*\((.*)\)\s*$", re.DOTALL)
_FORMS = "loguniform(a,b), uniform(a,b), int(a,b) or choice(x,y,...)"


@dataclass(frozen=True)
class Param:
    key: str
    kind: str
    values: tuple[Any, ...]  # (low, high) for ranges, the options for choice

    def spec(self) -> str:
        return f"{self.kind}({','.join(str(v) for v in self.values)})"

    def suggest(self, trial: Any) -> Any:
        if self.kind == "choice":
            return self.decode(
                trial.suggest_categorical(self.key, [_label(v) for v in self.values])
            )
        low, high = self.values
        if self.kind == "int":
            return trial.suggest_int(self.key, low, high)
        return trial.suggest_float(self.key, low, high, log=self.kind == "loguniform")

    def decode(self, stored: Any) -> Any:
        """The config value for what Optuna stored (a list choice is stored as its text)."""
        if self.kind == "choice":
            for value in self.values:
                if _label(value) == stored:
                    return value
        return stored

    def grid(self) -> list[Any]:
        """Every value, for ``--sampler grid`` (choices and small integer ranges only)."""
        if self.kind == "choice":
            return [_label(v) for v in self.values]
        if self.kind == "int" and self.values[1] - self.values[0] <= 1000:
            return list(range(self.values[0], self.values[1] + 1))
        raise UsageError(
            f"--sampler grid: {self.key}={self.spec()} has no finite grid; "
            "use choice(...) or int(a,b)"
        )


def _values(text: str) -> list[Any]:
    """The comma-separated values of a spec, each read as YAML (``[128, 64]`` is one list)."""
    import yaml

    from dlkit.config.load import parse_value

    try:
        items = yaml.safe_load(f"[{text}]")
    except yaml.YAMLError:
        items = [part for part in text.split(",") if part.strip()]
    return [parse_value(v.strip()) if isinstance(v, str) else v for v in items]


def _label(value: Any) -> Any:
    """What Optuna stores for a choice: the value itself, or its YAML text when not a scalar."""
    import yaml

    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return yaml.safe_dump(value, default_flow_style=True).strip()


def parse(key: str, spec: Any) -> Param:
    """One ``KEY`` and its ``SPEC`` text as a Param, or a one-line UsageError."""
    where = f"--space {key}={spec}"
    if not re.fullmatch(r"[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*", key):
        raise UsageError(f"{where}: KEY must be a dotted config key such as optim.lr")
    match = _SPEC.match(str(spec))
    if not match or match.group(1) not in KINDS:
        raise UsageError(f"{where}: SPEC must be {_FORMS}")
    kind, values = match.group(1), _values(match.group(2))
    if kind == "choice":
        if not values:
            raise UsageError(f"{where}: choice(...) needs at least one value")
        return Param(key, kind, tuple(values))
    if len(values) != 2 or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in values
    ):
        raise UsageError(f"{where}: {kind}(a,b) takes two numbers")
    low, high = values
    if kind == "int" and not all(isinstance(v, int) for v in values):
        raise UsageError(f"{where}: int(a,b) takes two whole numbers")
    if not low < high:
        raise UsageError(f"{where}: the range's low end must be below its high end")
    if kind == "loguniform" and low <= 0:
        raise UsageError(f"{where}: loguniform(a,b) needs 0 < a")
    if kind != "int":
        low, high = float(low), float(high)
    return Param(key, kind, (low, high))


def parse_items(items: list[str]) -> dict[str, str]:
    """``["optim.lr=loguniform(1e-5,1)", ...]`` → ``{"optim.lr": "loguniform(1e-5,1)"}``."""
    space: dict[str, str] = {}
    for item in items:
        key, sep, spec = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(
                f"--space expects KEY=SPEC, e.g. optim.lr=loguniform(1e-5,1); got {item!r}"
            )
        space[key.strip()] = spec.strip()
    return space


def _lookup(config: dict[str, Any], key: str) -> Any:
    node: Any = config
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def check(raw: dict[str, Any], params: list[Param]) -> None:
    """Every param's key exists in the recipe's schema and takes every value of its range."""
    from dlkit.config.load import set_path
    from dlkit.config.validate import validate

    resolved = validate(raw).model_dump(mode="json")
    for param in params:
        where = f"--space {param.key}={param.spec()}"
        if param.key.split(".")[0] in ("name", "tune") or param.key == "trainer.out":
            raise UsageError(f"{where}: this key names the run, it cannot be tuned")
        current = _lookup(resolved, param.key)
        if param.kind != "choice" and (isinstance(current, (str, bool, list, dict))):
            raise UsageError(
                f"{where}: a range needs a numeric key; {param.key} is "
                f"{current!r} (use choice(...))"
            )
        for value in param.values:
            probe = copy.deepcopy(raw)
            try:
                set_path(probe, param.key.split("."), value)
                validate(probe)
            except UsageError as exc:
                raise UsageError(f"{where}: {exc}") from None
