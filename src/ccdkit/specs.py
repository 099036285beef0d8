"""Method declarations: each method is declared once, with its name, a parameter model
(defaults and constraints), the function that computes it and its result type.

The study config's schema is built from these declarations (a union discriminated by
``method``), the library functions take the same parameters with the same defaults (a test
checks the signatures), and the pipeline passes the validated parameters to the function
unchanged. :func:`defaults_table` lists every parameter with its default (it generates the
table in ``docs/config.md``).

>>> from ccdkit.indices.weights import WEIGHTING
>>> WEIGHTING.parse({"method": "entropy", "shift": 0.01})
EntropyParams(method='entropy', standardize='minmax', shift=0.01)
>>> WEIGHTING.parse({"method": "entropy", "weights": {"a": 1.0}})
Traceback (most recent call last):
...
ccdkit.exceptions.ConfigError: weighting: 'weights' is not an option of method 'entropy' (its options: standardize, shift)
"""

from __future__ import annotations

import functools
import inspect
import types
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .exceptions import ConfigError

__all__ = ["Params", "MethodSpec", "Registry", "register", "defaults_table",
           "defaults_markdown", "method_text", "REGISTRIES", "FormField", "form_fields"]


class Params(BaseModel):
    """Base of the parameter models: unknown options are errors, values are validated."""

    model_config = ConfigDict(extra="forbid", validate_default=True, frozen=True)

    def options(self) -> dict:
        """The parameters as keyword arguments of the method's function (no ``method``)."""
        return {k: getattr(self, k) for k in type(self).model_fields if k != "method"}


@functools.lru_cache(maxsize=None)
def _parameters(func: Callable[..., Any]) -> frozenset[str]:
    return frozenset(inspect.signature(func).parameters)


@dataclass(frozen=True)
class MethodSpec:
    """One method: its name, parameter model, function and result type.

    ``func`` is called as ``func(*inputs, **context, **params.options())``; the parameter
    model's fields (except ``method``) are keyword arguments of ``func`` with the same
    defaults.
    """

    name: str
    params: type[Params]
    func: Callable[..., Any]
    result: type
    summary: str
    #: The same method on many inputs at once, arrays only (weighting: a stack of
    #: matrices (B, m, n) -> weights (B, n); scoring: one matrix and weight vectors
    #: (R, n) -> scores (R, m)); ``None`` when the method has none. Tested equal to ``func``.
    batch: Callable[..., Any] | None = None
    #: Whether the result does not depend on the data (fixed weights: equal, user, AHP).
    data_free: bool = False

    def accepts(self, keyword: str) -> bool:
        """Whether ``func`` takes the named keyword argument (an explicit parameter)."""
        return keyword in _parameters(self.func)

    def __call__(self, *inputs, params: Params | Mapping | None = None, **context):
        """Run the method with validated parameters."""
        p = params if isinstance(params, self.params) else self.params(
            **{"method": self.name, **dict(params or {})})
        return self.func(*inputs, **context, **p.options())

    def run_batch(self, *inputs, params: Params | Mapping | None = None, **context):
        """Run the method's batch implementation with validated parameters."""
        if self.batch is None:
            raise ValueError(f"method {self.name!r} has no batch implementation")
        p = params if isinstance(params, self.params) else self.params(
            **{"method": self.name, **dict(params or {})})
        return self.batch(*inputs, **context, **p.options())


def _error_text(exc: ValidationError, family: str, spec: MethodSpec) -> str:
    parts = []
    allowed = [k for k in spec.params.model_fields if k != "method"]
    for err in exc.errors(include_url=False):
        key = ".".join(str(p) for p in err["loc"])
        if err["type"] == "extra_forbidden":
            parts.append(f"{key!r} is not an option of method {spec.name!r} (its options: "
                         f"{', '.join(allowed) or 'none'})")
        elif err["type"] == "missing":
            parts.append(f"method {spec.name!r} needs {key!r}")
        else:
            msg = err["msg"].removeprefix("Value error, ")
            parts.append(f"{key}: {msg} (found {err.get('input')!r})")
    return f"{family}: " + "; ".join(parts)


class Registry(Mapping):
    """The methods of one family (weighting, scoring, ...), by name."""

    def __init__(self, family: str, specs: list[MethodSpec], *, default: str) -> None:
        self.family = family
        self._specs = {s.name: s for s in specs}
        if default not in self._specs:
            raise ValueError(f"default {default!r} is not a {family} method")
        self.default = default

    def __getitem__(self, name: str) -> MethodSpec:
        if name not in self._specs:
            raise ConfigError(f"{self.family}: unknown method {name!r}; methods are "
                              f"{', '.join(self._specs)}")
        return self._specs[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def parse(self, value: str | Mapping | Params | None = None) -> Params:
        """Validated parameters from a method name, a mapping with ``method`` (default: the
        family's default method) and options, or a parameter object."""
        if isinstance(value, Params):
            return value
        if value is None:
            value = {}
        if isinstance(value, str):
            value = {"method": value}
        if not isinstance(value, Mapping):
            raise ConfigError(f"{self.family}: expected a method name or a mapping, found "
                              f"{type(value).__name__}")
        data = dict(value)
        spec = self[data.setdefault("method", self.default)]
        try:
            return spec.params(**data)
        except ValidationError as exc:
            raise ConfigError(_error_text(exc, self.family, spec)) from None

    def run(self, value: str | Mapping | Params | None, *inputs, **context):
        """Parse ``value`` and run the method on ``inputs``; returns (result, params)."""
        params = self.parse(value)
        return self[params.method](*inputs, params=params, **context), params

    def union(self):
        """The config type: a union of the parameter models discriminated by ``method``."""
        models = tuple(s.params for s in self._specs.values())
        return Annotated[Union[models], Field(discriminator="method")]  # noqa: UP007

    def fill_method(self, value: Any) -> Any:
        """Config shorthand: a bare method name, or a block without ``method`` (default)."""
        if isinstance(value, str):
            return {"method": value}
        if isinstance(value, Mapping) and "method" not in value:
            return {"method": self.default, **value}
        return value


#: Every registry by family, filled by the subpackages that declare methods.
REGISTRIES: dict[str, Registry] = {}


def register(registry: Registry) -> Registry:
    """Make a registry known to :func:`defaults_table`."""
    REGISTRIES[registry.family] = registry
    return registry


def method_text(params: Mapping) -> str:
    """A method's parameters as text, for summaries and reports.

    >>> method_text({"method": "entropy", "standardize": "minmax", "shift": 0.01})
    'entropy (standardize minmax, shift 0.01)'
    """
    rest = ", ".join(f"{k} {v}" for k, v in params.items() if k != "method")
    return str(params["method"]) + (f" ({rest})" if rest else "")


def defaults_table() -> list[dict]:
    """Every method parameter with its type and default, by family and method.

    >>> rows = defaults_table()
    >>> [r for r in rows if r["family"] == "weighting" and r["method"] == "entropy"][1]
    {'family': 'weighting', 'method': 'entropy', 'parameter': 'shift', 'type': 'float ≥ 0', 'default': '0.0', 'description': 'added to the min-max values before the shares (0.0001 and 0.01 are common)'}
    """
    rows = []
    for family, reg in REGISTRIES.items():
        for name, spec in reg.items():
            for key, field in spec.params.model_fields.items():
                if key == "method":
                    continue
                default = "required" if field.is_required() else repr(field.get_default(
                    call_default_factory=True)).replace("'", "")
                rows.append({"family": family, "method": name, "parameter": key,
                             "type": _option_type(field), "default": default,
                             "description": field.description or ""})
    return rows


def defaults_markdown() -> str:
    """:func:`defaults_table` as the Markdown section of ``docs/config.md`` (generated; a
    test checks that the file holds exactly this text)."""
    lines = []
    for family, reg in REGISTRIES.items():
        lines.append(f"### `{family}` methods (default `{reg.default}`)")
        lines.append("")
        lines.append("| method | parameter | type | default | meaning |")
        lines.append("|---|---|---|---|---|")
        for name, spec in reg.items():
            rows = [r for r in defaults_table() if r["family"] == family and r["method"] == name]
            if not rows:
                lines.append(f"| `{name}` | — | | | {spec.summary} |")
            for r in rows:
                lines.append(f"| `{name}` | `{r['parameter']}` | {r['type']} | `{r['default']}` "
                             f"| {r['description']} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _bound_text(metadata) -> str:
    """" ≥ 1", " in (0, 1)", " 2–10" from numeric constraints (a bound beyond 10^12, a
    technical limit, is left out)."""
    lo, hi, (lo_open, hi_open) = _bounds(metadata)
    if lo is not None and hi is not None:
        return (f" in {'(' if lo_open else '['}{lo:g}, {hi:g}{')' if hi_open else ']'}"
                if isinstance(lo, float) or isinstance(hi, float) or lo_open or hi_open
                else f" {lo:,}–{hi:,}")
    if lo is not None:
        return f" {'>' if lo_open else '≥'} {lo:g}"
    if hi is not None:
        return f" {'<' if hi_open else '≤'} {hi:g}"
    return ""


def _option_type(field) -> str:
    extra = field.json_schema_extra or {}
    if isinstance(extra, dict) and "type_text" in extra:
        return extra["type_text"]
    return _annotation_text(field.annotation, field.metadata)


_TYPE_WORDS = {bool: "bool", int: "int", float: "float", str: "string"}


def _annotation_text(ann, metadata=()) -> str:
    """A type as a reader of the config reads it: ``int ≥ 1``, ```a`, `b```, ``list of
    int``, ``int ≥ 0 or `auto```."""
    origin, args = get_origin(ann), get_args(ann)
    if origin is Annotated:
        return _annotation_text(args[0], args[1:])
    if origin is Literal:
        return ", ".join(f"`{a}`" for a in args)
    if origin in (Union, types.UnionType):
        parts = [a for a in args if a is not type(None)]
        return " or ".join(_annotation_text(a) for a in parts)
    if origin is list:
        return "list of " + _annotation_text(args[0]) if args else "list"
    if origin is tuple:
        return ("list of " + _annotation_text(args[0]) if len(args) == 2 and args[1] is ...
                else "[" + ", ".join(_annotation_text(a) for a in args) + "]")
    if origin is dict:
        return "mapping"
    if ann in _TYPE_WORDS:
        return _TYPE_WORDS[ann] + _bound_text(metadata)
    return getattr(ann, "__name__", str(ann))


def _default_text(field) -> str:
    if field.is_required():
        return "required"
    value = field.get_default(call_default_factory=True)
    extra = field.json_schema_extra or {}
    if isinstance(extra, dict) and "default_text" in extra:
        return extra["default_text"]
    if isinstance(value, BaseModel):
        return ""
    return f"`{_yaml_value(value)}`" if value is not None else "none"


def _yaml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_yaml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, BaseModel):
        return _yaml_value(value.model_dump(mode="json"))
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def options_rows(model: type[BaseModel], prefix: str = "") -> list[dict]:
    """Every option of a config block with its type, default and meaning, from its
    declaration (nested blocks as dotted keys, lists of blocks as ``key[].field``)."""
    rows = []
    for key, field in model.model_fields.items():
        ann = field.annotation
        nested = ann if isinstance(ann, type) and issubclass(ann, BaseModel) else None
        item = (get_args(ann)[0] if get_origin(ann) is list and get_args(ann)
                and isinstance(get_args(ann)[0], type)
                and issubclass(get_args(ann)[0], BaseModel) else None)
        extra = field.json_schema_extra or {}
        if nested is not None and not extra.get("type_text"):
            rows += options_rows(nested, f"{prefix}{key}.")
        elif item is not None and not extra.get("type_text"):
            rows += options_rows(item, f"{prefix}{key}[].")
        else:
            rows.append({"key": f"{prefix}{key}", "type": _option_type(field),
                         "default": _default_text(field),
                         "meaning": field.description or ""})
    return rows


def options_markdown(model: type[BaseModel]) -> str:
    """:func:`options_rows` as a Markdown table (a block of ``docs/config.md``)."""
    lines = ["| key | type | default | meaning |", "|---|---|---|---|"]
    for r in options_rows(model):
        lines.append(f"| `{r['key']}` | {r['type']} | {r['default']} | {r['meaning']} |")
    return "\n".join(lines)


@dataclass(frozen=True)
class FormField:
    """One option of a config block as a form shows it, from its declaration.

    ``kind`` is ``choice`` (one of ``choices``), ``choices`` (a list of them), ``bool``,
    ``int``, ``float`` (within ``minimum``/``maximum``, ``exclusive`` bounds) or ``text``
    (anything else, written as YAML); ``optional``: ``None`` is allowed (left empty);
    ``block``: a nested block (``fields`` are its options).
    """

    key: str
    kind: str
    default: Any = None
    required: bool = False
    choices: tuple = ()
    minimum: float | None = None
    maximum: float | None = None
    exclusive: tuple[bool, bool] = (False, False)
    optional: bool = False
    description: str = ""
    fields: tuple = ()


def _plain(value):
    """A default as the config writes it (blocks as mappings, tuples as lists)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _bounds(metadata) -> tuple:
    """(lower, upper, (lower open, upper open)) of numeric constraints; a bound beyond
    10^12, a technical limit, is left out."""
    lo = hi = None
    lo_open = hi_open = False
    for m in metadata:
        for name, open_ in (("ge", False), ("gt", True)):
            if getattr(m, name, None) is not None:
                lo, lo_open = getattr(m, name), open_
        for name, open_ in (("le", False), ("lt", True)):
            if getattr(m, name, None) is not None and getattr(m, name) < 1e12:
                hi, hi_open = getattr(m, name), open_
    return lo, hi, (lo_open, hi_open)


def _kind(ann, metadata=()) -> tuple[str, tuple, tuple, bool]:
    """(kind, choices, metadata, optional) of an annotation."""
    origin, args = get_origin(ann), get_args(ann)
    if origin is Annotated:
        return _kind(args[0], tuple(metadata) + tuple(args[1:]))
    if origin in (Union, types.UnionType):
        parts = [a for a in args if a is not type(None)]
        if len(parts) == 1:
            kind, choices, meta, _ = _kind(parts[0], metadata)
            return kind, choices, meta, len(parts) < len(args)
        return "text", (), tuple(metadata), len(parts) < len(args)
    if origin is Literal:
        return "choice", tuple(args), tuple(metadata), False
    if origin in (list, tuple) and args and get_origin(args[0]) is Literal:
        return "choices", get_args(args[0]), tuple(metadata), False
    if ann is bool:
        return "bool", (), tuple(metadata), False
    if ann in (int, float):
        return ann.__name__, (), tuple(metadata), False
    return "text", (), tuple(metadata), False


def form_fields(model: type[BaseModel], prefix: str = "") -> list[FormField]:
    """The options of a config block (or a method's parameter model) as form fields, with
    their defaults, allowed values and bounds, from the declaration (``method``, the
    discriminator of a method family, is left out).

    >>> from ccdkit.indices.weights import WEIGHTING
    >>> [(f.key, f.kind, f.default) for f in form_fields(WEIGHTING["entropy"].params)]
    [('standardize', 'choice', 'minmax'), ('shift', 'float', 0.0)]
    """
    out = []
    for key, field in model.model_fields.items():
        if key == "method" and issubclass(model, Params):
            continue
        ann = field.annotation
        default = None if field.is_required() else field.get_default(call_default_factory=True)
        nested = ann if isinstance(ann, type) and issubclass(ann, BaseModel) else None
        extra = field.json_schema_extra or {}
        if nested is not None and not extra.get("type_text"):
            out.append(FormField(f"{prefix}{key}", "block", description=field.description or "",
                                 fields=tuple(form_fields(nested, f"{prefix}{key}."))))
            continue
        kind, choices, metadata, optional = _kind(ann, field.metadata)
        lo, hi, exclusive = _bounds(metadata)
        default = _plain(default)
        out.append(FormField(f"{prefix}{key}", kind, default, field.is_required(), choices,
                             lo, hi, exclusive, optional or default is None,
                             field.description or ""))
    return out
