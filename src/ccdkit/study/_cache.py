"""A cache of a study's step results, keyed by what each step reads.

A step's key hashes the parts of the config it reads, the key of the steps it builds on
and, for the data, the bytes of every input file; a change of one option recomputes the
step that reads it and the steps after it, nothing before. The browser app keeps one per
session (re-running after a change of method is then fast).
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from pathlib import Path

from ..data import file_sha256
from ._config import Study

__all__ = ["StepCache", "step_keys"]

#: The config blocks that belong to one step (or chapter) each; every other block (study
#: design, regions, systems, data sources) is read by the data and index steps.
_OWNED = ("impute", "coupling", "detector", "spatial", "dynamics", "econometrics",
          "robustness", "output")


def _digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(json.dumps(part, sort_keys=True, ensure_ascii=False, default=str).encode())
        h.update(b"\x00")
    return h.hexdigest()[:32]


def _file_digest(path: Path) -> str:
    try:
        return file_sha256(path)
    except OSError as exc:  # the data step reports it; the key just never matches
        return f"unreadable: {exc}"


def step_keys(study: Study) -> dict[str, str]:
    """The cache key of each step of :func:`~ccdkit.study.run_study` for ``study``.

    Examples
    --------
    >>> import yaml
    >>> from ccdkit.scaffold import study_yaml
    >>> from ccdkit.study import study_from_dict
    >>> a = study_from_dict(yaml.safe_load(study_yaml()))
    >>> b = a.model_copy(deep=True)
    >>> b.coupling.model = "wang2021"
    >>> ka, kb = step_keys(a), step_keys(b)
    >>> [step for step in ka if ka[step] != kb[step]]
    ['coupling', 'detector', 'spatial', 'dynamics', 'econometrics', 'robustness']
    """
    cfg = study.options()
    base = {k: v for k, v in cfg.items() if k not in _OWNED}
    data = _digest(cfg["data"], study.panel_columns(), study.region_ids, cfg["years"],
                   cfg["level"], str(study.base_dir),
                   [_file_digest(p) for p in study.data_files()])
    weights_file = []
    if study.spatial is not None and study.spatial.weights.file:
        weights_file = [_file_digest(study.resolve(study.spatial.weights.file))]
    keys = {"validate": data}
    keys["impute"] = _digest(data, cfg["impute"])
    keys["indices"] = _digest(keys["impute"], base)
    keys["coupling"] = _digest(keys["indices"], cfg["coupling"])
    keys["detector"] = _digest(keys["coupling"], cfg["detector"])
    keys["spatial"] = _digest(keys["coupling"], cfg["spatial"], cfg["output"], weights_file)
    keys["dynamics"] = _digest(keys["spatial"], cfg["dynamics"])
    keys["econometrics"] = _digest(keys["spatial"], cfg["econometrics"])
    keys["robustness"] = _digest(keys["coupling"], cfg["robustness"])
    return keys


class StepCache:
    """Step results of earlier runs, by step and key (the ``maxsize`` latest per step).

    Pass one to :func:`~ccdkit.study.run_study` as ``cache=``; a step whose key is in it
    is not run again, and the warnings it raised are raised again. ``reused`` and
    ``computed`` list the steps of the last run that came from the cache or were run.
    Cached results are shared between runs: treat a result's objects as read-only.
    """

    def __init__(self, maxsize: int = 4) -> None:
        if maxsize < 1:
            raise ValueError(f"maxsize must be at least 1, found {maxsize}")
        self.maxsize = maxsize
        self._store: dict[str, OrderedDict] = {}
        self.reused: list[str] = []
        self.computed: list[str] = []

    def get(self, step: str, key: str):
        """``(value, warnings)`` of a step, or None."""
        entries = self._store.get(step)
        if entries is None or key not in entries:
            return None
        entries.move_to_end(key)
        return entries[key]

    def put(self, step: str, key: str, value, caught: list) -> None:
        entries = self._store.setdefault(step, OrderedDict())
        entries[key] = (value, list(caught))
        while len(entries) > self.maxsize:
            entries.popitem(last=False)

    def clear(self) -> None:
        self._store.clear()
