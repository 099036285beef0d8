"""SPADE and IDSA against the gdverse vignettes' printed values on the Depression data, the
spatial variance against its double-sum definition, and dense = sparse weights."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from ccdkit.exceptions import DataError
from ccdkit.geodetector import (distance_weights, fuzzy_overlay, gdverse_quantile, idsa, psd,
                                spade, spatial_variance)

from conftest import REFERENCE

DEPRESSION = REFERENCE / "data" / "depression.csv"
Y = "Depression_prevelence"

# gdverse 1.7 vignettes/spade.Rmd: spade(Depression_prevelence ~ ., wt =
# inverse_distance_swm(depression)), printed to 8 digits
SPADE_PRINTED = {"PopulationDensity": 0.21532238, "DrinkingPlaces": 0.18564821,
                 "Casinos": 0.17438646, "Neighbor_Disadvantage": 0.17235706,
                 "NatureParks": 0.17019859, "Population65": 0.15592529, "Beer": 0.09506759,
                 "MentalHealthPati": 0.07956353, "NoHealthInsurance": 0.07753293,
                 "X.HouseRent": 0.05621546}
# gdverse 1.7 vignettes/idsa.Rmd: idsa(Depression_prevelence ~ ., wt = the same), the five
# best subsets printed (PID to 7 digits), 23 overlay zones, 0.002798507 finely divided
IDSA_PRINTED = [
    (["PopulationDensity", "Population65", "NoHealthInsurance", "Beer", "MentalHealthPati",
      "NatureParks", "Casinos", "DrinkingPlaces"], 0.7273702),
    (["PopulationDensity", "Population65", "NoHealthInsurance", "Neighbor_Disadvantage",
      "Beer", "MentalHealthPati", "Casinos", "DrinkingPlaces"], 0.7265580),
    (["PopulationDensity", "Population65", "NoHealthInsurance", "Beer", "MentalHealthPati",
      "Casinos", "DrinkingPlaces"], 0.7249090),
    (["PopulationDensity", "Population65", "NoHealthInsurance", "Neighbor_Disadvantage",
      "Beer", "MentalHealthPati", "NatureParks", "Casinos", "DrinkingPlaces"], 0.7225422),
    (["PopulationDensity", "Population65", "Neighbor_Disadvantage", "Beer",
      "MentalHealthPati", "Casinos"], 0.7199171)]


@pytest.fixture(scope="module")
def depression():
    return pd.read_csv(DEPRESSION)


def test_spade_gdverse_mode_reproduces_vignette(depression):
    r = spade(depression, Y, coords=("X", "Y"), distance="geodesic", mode="gdverse")
    q = r.factor.set_index("factor")["q"]
    for name, value in SPADE_PRINTED.items():
        assert round(q[name], 8) == pytest.approx(value, abs=1e-12), name
    assert (r.factor["n_k"] == 6).all() and (r.factor["N"] == 1072).all()
    assert len(r.curve) == 60


def test_spade_haversine_differs_only_slightly(depression):
    """gdverse's code computes haversine distances; its printed values used the WGS84
    ellipsoid: with haversine, PopulationDensity is 0.21536003."""
    r = spade(depression, Y, ["PopulationDensity"], coords=("X", "Y"), mode="gdverse")
    assert r.factor.q[0] == pytest.approx(0.21536003, abs=5e-9)


def test_idsa_gdverse_mode_reproduces_vignette(depression):
    r = idsa(depression, Y, coords=("X", "Y"), distance="geodesic", mode="gdverse",
             select="gdverse", subsets=[s for s, _ in IDSA_PRINTED])
    pid = dict(zip(r.interaction["variables"], r.interaction["pid"]))
    for subset, value in IDSA_PRINTED:
        assert round(pid[" ∩ ".join(subset)], 7) == pytest.approx(value, abs=1e-12)
    assert r.best == IDSA_PRINTED[0][0]
    assert r.n_zones == 23
    assert r.single_share == pytest.approx(0.002798507, abs=5e-10)
    assert len(r.risk[0]) == 23


def _double_sum_variance(v, W):
    n = len(v)
    return sum(W[i, j] * (v[i] - v[j]) ** 2 / 2 for i in range(n) for j in range(n)) / W.sum()


def test_spatial_variance_and_psd_equal_their_definitions():
    rng = np.random.default_rng(0)
    n = 30
    xy = rng.uniform(size=(n, 2))
    W = distance_weights(xy, distance="euclidean", power=2)
    v = rng.normal(size=n)
    assert spatial_variance(v, W) == pytest.approx(_double_sum_variance(v, W), rel=1e-12)
    codes = rng.integers(0, 4, n)
    codes[0] = 5  # a singleton stratum: left out
    keep = np.flatnonzero(codes != 5)
    num = sum((codes[keep] == h).sum() * _double_sum_variance(
        v[keep][codes[keep] == h], W[np.ix_(keep, keep)][np.ix_(codes[keep] == h,
                                                               codes[keep] == h)])
        for h in np.unique(codes[keep]))
    expected = 1 - num / (len(keep) * _double_sum_variance(v[keep], W[np.ix_(keep, keep)]))
    assert psd(v, codes, W) == pytest.approx(expected, rel=1e-12)
    # plain weights: PSD is q with the n/(n-1) variances
    ones = np.ones((n, n)) - np.eye(n)
    assert spatial_variance(v, ones) == pytest.approx(v.var(ddof=1), rel=1e-12)


def test_sparse_weights_equal_dense():
    rng = np.random.default_rng(1)
    n = 80
    W = (rng.uniform(size=(n, n)) < 0.15) * rng.uniform(size=(n, n))
    np.fill_diagonal(W, 0)
    d = pd.DataFrame({"y": rng.normal(size=n), "x": rng.normal(size=n),
                      "c": rng.choice(list("abc"), n)})
    a = spade(d, "y", ["x", "c"], weights=W, k=[3, 4])
    b = spade(d, "y", ["x", "c"], weights=sparse.csr_matrix(W), k=[3, 4])
    pd.testing.assert_frame_equal(a.factor, b.factor, rtol=1e-12)


def test_gdverse_quantile_and_overlay():
    x = np.array([1.0, 1, 1, 1, 2, 3, 4, 5])
    # breaks at sorted[floor(i * 7 / 2)] = sorted[3], sorted[7] = 1, 5: ties pile into class 0
    assert gdverse_quantile(x, 2).tolist() == [0, 0, 0, 0, 1, 1, 1, 1]
    y = np.array([1.0, 2, 3, 4, 5, 6])
    a, b = np.array([0, 0, 0, 1, 1, 1]), np.array([0, 1, 2, 0, 1, 2])
    assert fuzzy_overlay(y, [a, b], "intersection").tolist() == [0, 1, 2, 3, 4, 5]
    # "and": the lower-mean stratum of the two (a: means 2, 5; b: 2.5, 3.5, 4.5)
    assert fuzzy_overlay(y, [a, b], "and").tolist() == [0, 0, 0, 1, 2, 3]


def test_spade_permutation_and_spectral_p():
    rng = np.random.default_rng(2)
    n = 120
    xy = rng.uniform(size=(n, 2))
    x = xy[:, 0] + rng.normal(0, 0.1, n)
    d = pd.DataFrame({"y": 2 * x + rng.normal(0, 0.3, n), "x": x, "noise": rng.normal(size=n),
                      "lon": xy[:, 0], "lat": xy[:, 1]})
    r = spade(d, "y", ["x", "noise"], coords=("lon", "lat"), distance="euclidean",
              permutations=99, seed=3)
    p = r.factor.set_index("factor")["p_permutation"]
    assert p["x"] == pytest.approx(0.01) and p["noise"] > 0.05
    W = distance_weights(xy, distance="euclidean")
    s = spade(d, "y", ["x"], weights=W, permutations=99, null="spectral", seed=3)
    assert s.factor.null[0] == "spectral" and s.factor.p_permutation[0] <= 0.05


def test_spade_errors():
    d = pd.DataFrame({"y": [1.0, 2, 3, 4], "x": [1.0, 2, 3, 4], "lon": [0, 0, 1, 1],
                      "lat": [0, 0, 1, 2]})
    with pytest.raises(DataError, match="rows 0 and 1 share a location"):
        spade(d, "y", ["x"], coords=("lon", "lat"))
    with pytest.raises(DataError, match="needs spatial weights"):
        spade(d, "y", ["x"])
    with pytest.raises(DataError, match="4 x 4"):
        spade(d, "y", ["x"], weights=np.eye(3))
    with pytest.raises(DataError, match="mode"):
        spade(d, "y", ["x"], weights=np.ones((4, 4)), mode="r")
    with pytest.raises(DataError, match="subsets"):
        idsa(d, "y", ["x"], weights=np.ones((4, 4)), subsets=[["z"]])


def test_strata_without_internal_weight_warn_and_give_nan():
    from ccdkit.exceptions import UndefinedStatisticWarning

    # a path graph: 0-1-2-3-4-5; strata {0, 2, 4} and {1, 3, 5} have no link inside
    W = np.eye(6, k=1) + np.eye(6, k=-1)
    d = pd.DataFrame({"y": [1.0, 2, 3, 4, 5, 6], "c": list("ababab")})
    with pytest.warns(UndefinedStatisticWarning, match="'c' has 2 strat"):
        r = spade(d, "y", ["c"], weights=W, permutations=9)
    assert np.isnan(r.factor.q[0]) and np.isnan(r.factor.p_permutation[0])
