"""The API reference, written from each module's ``__all__`` at every build.

Every public name is documented once, under its canonical name: the first module in
:data:`PUBLIC` (then :data:`INTERNALS`) whose ``__all__`` lists it. A name that a later
module re-exports (``stockpile.policies.campaign`` is ``stockpile.campaign``) is listed
there too, linking to the canonical entry; cross-references written with any of its names
(``stockpile.results.Result``, ``~stockpile.scenario.Scenario``) resolve to that entry
(:func:`resolve_alias`), so docstrings may name an object by the module that defines it.
"""

from __future__ import annotations

import importlib
import inspect
import shutil
import types
from pathlib import Path
from typing import Any

#: Public modules, in the order their pages appear (the first to list a name owns it).
PUBLIC = (
    "stockpile",
    "stockpile.policies",
    "stockpile.presets",
    "stockpile.draws",
    "stockpile.explore",
    "stockpile.plot",
    "stockpile.plot.inference",
    "stockpile.data",
    "stockpile.calibrate",
    "stockpile.infer",
    "stockpile.config",
    "stockpile.streams",
)
#: Modules that implement the model; documented for readers of the model page and for the
#: references docstrings make to them.
INTERNALS = (
    "stockpile.units",
    "stockpile.params",
    "stockpile.inputs",
    "stockpile.scenario",
    "stockpile.events",
    "stockpile.doctrines",
    "stockpile.flows",
    "stockpile.engine",
    "stockpile.lindley",
    "stockpile.variables",
    "stockpile.metrics",
    "stockpile.results",
    "stockpile.state",
    "stockpile.validation",
    "stockpile.errors",
    "stockpile.explore.bounds",
    "stockpile.explore.runner",
    "stockpile.explore.sweeps",
    "stockpile.explore.store",
    "stockpile.explore.executors",
    "stockpile.data.catalogue",
    "stockpile.calibrate.forecast",
    "stockpile.calibrate.launch_fit",
    "stockpile.infer.priors",
    "stockpile.infer.likelihood",
    "stockpile.infer.claims",
    "stockpile.infer.smc",
    "stockpile.infer.check",
    "stockpile.infer.alarms",
    "stockpile.infer.voi",
    "stockpile.streams.generator",
    "stockpile.cli",
)

#: id(object) -> canonical dotted name; filled by :func:`write_pages`.
CANONICAL: dict[int, str] = {}
#: Last part of every documented name -> the documented names ending with it.
BY_LAST: dict[str, set[str]] = {}

_KINDS = (
    ("Classes", "class"),
    ("Functions", "function"),
    ("Exceptions", "exception"),
    ("Data", "data"),
)


def _kind(obj: Any) -> str:
    if inspect.isclass(obj):
        return "exception" if issubclass(obj, BaseException) else "class"
    if callable(obj) and not isinstance(obj, types.ModuleType):
        return "function"
    return "data"


def _alias(obj: Any) -> bool:
    """A type alias (``NDArray[np.float64]``): named in its module's docstring, not a page."""
    return isinstance(obj, types.GenericAlias)


def _trackable(obj: Any) -> bool:
    """Objects whose identity names them (not small ints or interned strings)."""
    return not isinstance(obj, int | float | str | bytes | bool | type(None))


def _members(module: types.ModuleType) -> list[str]:
    names = getattr(module, "__all__", None)
    if names is None:
        raise RuntimeError(f"{module.__name__} has no __all__; the API reference needs one")
    return list(names)


def _title(name: str) -> str:
    return f"{name}\n{'=' * len(name)}\n"


def _page(module_name: str, internal: bool) -> str:
    module = importlib.import_module(module_name)
    lines = [f".. _api-{module_name}:", "", _title(module_name)]
    lines += [f".. automodule:: {module_name}", "   :no-members:", ""]
    lines += [f".. currentmodule:: {module_name}", ""]
    owned: dict[str, list[str]] = {kind: [] for _, kind in _KINDS}
    modules: list[str] = []
    elsewhere: list[tuple[str, str]] = []
    for name in _members(module):
        obj = getattr(module, name)
        full = f"{module_name}.{name}"
        if isinstance(obj, types.ModuleType):
            modules.append(obj.__name__)
            continue
        if _alias(obj):
            continue
        home = CANONICAL.get(id(obj)) if _trackable(obj) else None
        if home is not None and home != full:
            elsewhere.append((name, home))
        else:
            owned[_kind(obj)].append(name)
    for heading, kind in _KINDS:
        if not owned[kind]:
            continue
        lines += [heading, "-" * len(heading), "", ".. autosummary::", "   :toctree: generated/"]
        lines += ["", *(f"   {name}" for name in owned[kind]), ""]
    if modules:
        lines += ["Modules", "-------", "", *(f"- :mod:`{name}`" for name in modules), ""]
    if elsewhere:
        heading = "Also here" if not internal else "Documented elsewhere"
        lines += [heading, "-" * len(heading), ""]
        lines += [f"- ``{name}``: :obj:`{home}`" for name, home in elsewhere]
        lines.append("")
    return "\n".join(lines)


def write_pages(srcdir: Path) -> None:
    """Write ``api/modules/*.rst`` for every module, from its ``__all__``."""
    CANONICAL.clear()
    BY_LAST.clear()
    for module_name in PUBLIC + INTERNALS:
        module = importlib.import_module(module_name)
        for name in _members(module):
            obj = getattr(module, name)
            if isinstance(obj, types.ModuleType) or _alias(obj):
                continue
            full = f"{module_name}.{name}"
            # a value without identity, or the first module to list the object, owns the name
            if not _trackable(obj) or CANONICAL.setdefault(id(obj), full) == full:
                BY_LAST.setdefault(name, set()).add(full)
    out = srcdir / "api" / "modules"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for module_name in PUBLIC:
        (out / f"{module_name}.rst").write_text(_page(module_name, internal=False))
    for module_name in INTERNALS:
        (out / f"{module_name}.rst").write_text(_page(module_name, internal=True))


def _lookup(target: str) -> Any:
    """The object a dotted name refers to, or None."""
    parts = target.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        try:
            for attr in parts[i:]:
                obj = getattr(obj, attr)
        except AttributeError:
            return None
        return obj
    return None


def _candidates(node: Any) -> list[str]:
    """Dotted names a reference may mean, most specific first."""
    target = node["reftarget"].lstrip(".~")
    module, cls = node.get("py:module"), node.get("py:class")
    out = []
    if module and cls:
        out.append(f"{module}.{cls}.{target}")
    if cls:
        out.append(f"{cls}.{target}")
    if module:
        out.append(f"{module}.{target}")
    out += [target, f"stockpile.{target}"]
    return [c for c in dict.fromkeys(out) if c.startswith("stockpile")]


def _home(candidate: str) -> str | None:
    """The documented name of what ``candidate`` names, if it names something documented."""
    obj = _lookup(candidate)
    if obj is None:
        # a dataclass field or other attribute without a value on the class: its class
        owner = _lookup(candidate.rpartition(".")[0])
        if inspect.isclass(owner) and _trackable(owner) and id(owner) in CANONICAL:
            return CANONICAL[id(owner)]
        return None
    if isinstance(obj, types.ModuleType):
        return obj.__name__
    if _trackable(obj) and id(obj) in CANONICAL:
        return CANONICAL[id(obj)]
    return _method_home(candidate, obj)


def resolve_alias(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    """``missing-reference`` handler: resolve any name of an object to its documented entry.

    Tries the reference in its module and class context, then as a top-level name, then, for
    a bare name, the one documented object with that name if there is exactly one.
    """
    if node.get("refdomain") != "py":
        return None
    homes = [_home(c) for c in _candidates(node)]
    last = node["reftarget"].lstrip(".~")
    if "." not in last and len(BY_LAST.get(last, ())) == 1:
        homes.append(next(iter(BY_LAST[last])))
    domain = env.get_domain("py")
    for home in dict.fromkeys(h for h in homes if h is not None):
        if home == node["reftarget"]:
            continue
        found = domain.resolve_xref(env, node["refdoc"], app.builder, "obj", home, node, contnode)
        if found is not None:
            return found
    return None


def _method_home(candidate: str, obj: Any) -> str | None:
    """``stockpile.results.Result.summary`` -> ``stockpile.Result.summary``."""
    owner, _, attr = candidate.rpartition(".")
    parent = _lookup(owner)
    if parent is None or not _trackable(parent) or id(parent) not in CANONICAL:
        return None
    return f"{CANONICAL[id(parent)]}.{attr}"
