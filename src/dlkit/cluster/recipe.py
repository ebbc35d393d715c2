"""The schema of a cluster recipe (``configs/cluster-reviews.yaml``) and its validation.

Called by ``jobs/cluster.py`` and, for ``dlkit config show`` and the shipped-recipe test, by
``config/validate.py`` when a recipe says ``job: cluster``. Two passes, every problem reported at
once with its full key path: the pydantic sections below (types, ranges, unknown keys), then the
``reduce`` and ``cluster`` sections against the registries: ``name`` must be registered, and each
``<component>:`` subsection is checked against that factory's signature, for every component
listed (so ``--eps -1`` is refused even while HDBSCAN is the algorithm).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from dlkit.errors import UsageError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Component(BaseModel):
    """``name`` plus one subsection of options per component (only the named one is used)."""

    model_config = ConfigDict(extra="allow", frozen=True)
    name: str

    def subsections(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class InputSection(_Strict):
    path: str | None = None
    text_column: str | None = None
    near_duplicates: Literal["collapse", "keep"] = "collapse"


class EmbedSection(_Strict):
    model: str | None = None
    batch_size: int = Field(default=64, gt=0)
    cache: bool = True
    cache_dir: str | None = None
    lexical_weight: float | None = Field(default=None, ge=0, le=1)
    # auto: onnx for a local sentence-transformers folder, else transformer; transformer: the
    # sentence-transformer; onnx / onnx-int8: the same model in onnxruntime (same vectors / int8
    # weights, faster on CPU); static: token vectors distilled from it
    encoder: Literal["auto", "transformer", "onnx", "onnx-int8", "static"] = "auto"
    float16: bool = True
    shard_rows: int = Field(default=4096, ge=1)


class ReduceSection(_Component):
    name: str = "auto"


class ClusterSection(_Component):
    name: str = "hdbscan"


class TopicsSection(_Strict):
    outliers: Literal["assign", "all", "keep"] = "assign"
    outlier_floor: float = Field(default=0.5, ge=-1, le=1)
    merge_threshold: float | None = Field(default=None, ge=-1, le=1)
    topics: int | None = Field(default=None, ge=1)
    representatives: int = Field(default=3, ge=1)


class KeywordsSection(_Strict):
    top_words: int = Field(default=10, ge=1)
    ngrams: str = Field(default="1-1", pattern=r"^[1-3]-[1-3]$")
    clean: bool = True
    label_words: int = Field(default=3, ge=1)

    @property
    def ngram_range(self) -> tuple[int, int]:
        low, high = (int(v) for v in self.ngrams.split("-"))
        return low, high


class ScaleSection(_Strict):
    sample: int = Field(default=20000, ge=100)
    neighbours: int = Field(default=10, ge=1)


class ClusterRecipe(_Strict):
    job: Literal["cluster"]
    name: str
    description: str = ""
    seed: int = Field(default=42, ge=0, lt=2**32)
    input: InputSection = InputSection()
    embed: EmbedSection = EmbedSection()
    reduce: ReduceSection = ReduceSection()
    cluster: ClusterSection = ClusterSection()
    topics: TopicsSection = TopicsSection()
    keywords: KeywordsSection = KeywordsSection()
    scale: ScaleSection = ScaleSection()
    out: str = "runs"


def _registries() -> dict[str, Any]:
    from dlkit.cluster.components import ALGORITHMS, REDUCERS

    return {"reduce": REDUCERS, "cluster": ALGORITHMS}


def _component_errors(section: str, part: Any, registry: Any) -> list[str]:
    from pydantic import ValidationError

    from dlkit.cluster.components import INJECTED
    from dlkit.config.validate import _describe
    from dlkit.registry import close_matches

    default = (
        (ReduceSection if section == "reduce" else ClusterSection).model_fields["name"].default
    )
    name = part.get("name", default)
    problems = []
    if isinstance(name, str) and name not in registry.names():
        problems.append(f"{section}.name: {_one_line(registry, name)}")
    for key, options in part.items():
        if key == "name":
            continue
        if key not in registry.names():
            problems.append(
                f"{section}.{key}: unknown key"
                f"{close_matches(str(key), ['name', *registry.names()])}"
            )
            continue
        if options is None:
            continue
        if not isinstance(options, dict):
            problems.append(f"{section}.{key}: should be a mapping of {key} options")
            continue
        params = registry.params_model(key, skip=INJECTED)
        try:
            params.model_validate(options)
        except ValidationError as exc:
            problems += [
                _describe(e, f"{section}.{key}", list(params.model_fields)) for e in exc.errors()
            ]
    return problems


def _one_line(registry: Any, name: str) -> str:
    try:
        registry.get(name)
    except UsageError as exc:
        return str(exc)
    return ""


def validate(raw: dict[str, Any]) -> ClusterRecipe:
    """A validated, frozen ClusterRecipe, or one UsageError listing every problem."""
    from pydantic import ValidationError

    from dlkit.config.validate import _describe, _known_keys

    problems: list[str] = []
    recipe = None
    try:
        recipe = ClusterRecipe.model_validate(raw)
    except ValidationError as exc:
        problems += [_describe(e, "", _known_keys(ClusterRecipe, e["loc"])) for e in exc.errors()]
    for section, registry in _registries().items():
        part = raw.get(section) or {}
        if isinstance(part, dict):
            problems += _component_errors(section, part, registry)
    if problems:
        raise UsageError("invalid cluster config: " + "; ".join(dict.fromkeys(problems)))
    assert recipe is not None  # a validation error is a problem
    return recipe


def component_options(recipe: ClusterRecipe, section: str) -> dict[str, Any]:
    """The validated, defaulted options of the section's named component."""
    from dlkit.cluster.components import INJECTED

    part = getattr(recipe, section)
    registry = _registries()[section]
    params = registry.params_model(part.name, skip=INJECTED)
    return params.model_validate(part.subsections().get(part.name) or {}).model_dump()


def build(recipe: ClusterRecipe, section: str) -> Any:
    """The section's component, built with its options and the recipe's seed."""
    registry = _registries()[section]
    return registry.create(
        getattr(recipe, section).name, seed=recipe.seed, **component_options(recipe, section)
    )
