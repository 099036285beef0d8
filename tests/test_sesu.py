"""SESU on the NDVI study at four unit sizes against base R (tools/make_sesu_reference.R)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ccdkit.exceptions import DataError
from ccdkit.geodetector import sesu

from conftest import REFERENCE, reference

REF = reference("sesu")
FACTORS = ["Climatezone", "Mining", "Tempchange", "Precipitation", "Popdensity"]


@pytest.fixture(scope="module")
def datasets():
    return {s: pd.read_csv(REFERENCE / "data" / f"ndvi_{s}.csv") for s in REF["sizes"]}


@pytest.mark.parametrize("statistic", ["mean", "q90"])
def test_sesu_equals_base_r(datasets, statistic):
    r = sesu(datasets, "NDVIchange", FACTORS, methods=["quantile"], k=6, statistic=statistic,
             select="gdverse")
    for row in r.factor.itertuples():
        ref = REF["by_size"][str(row.size)]["factors"][row.factor]
        assert row.q == pytest.approx(ref["q"], abs=1e-10)
        assert row.p < 1e-8 and ref["p"] < 1e-8  # R's pf(ncp=) is noise below ~1e-9
    np.testing.assert_allclose(r.curve["statistic"], REF[statistic], rtol=1e-10)
    assert r.size == REF[f"choice_{statistic}_gdverse"] and r.fallback
    assert r.curve["N"].tolist() == [REF["by_size"][str(s)]["N"] for s in REF["sizes"]]


def test_sesu_with_gozh_and_errors(datasets):
    r = sesu(datasets, "NDVIchange", ["Climatezone", "Precipitation"], model="gozh")
    assert set(r.factor["size"]) == set(REF["sizes"]) and r.options["model"] == "gozh"
    assert r.size in REF["sizes"]
    with pytest.raises(DataError, match="two unit sizes"):
        sesu({20: datasets[20]}, "NDVIchange")
    with pytest.raises(DataError, match="model"):
        sesu(datasets, "NDVIchange", model="rgd")
    with pytest.raises(DataError, match="positive"):
        sesu({"a": datasets[20], 30: datasets[30]}, "NDVIchange")
