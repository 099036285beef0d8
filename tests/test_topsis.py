"""TOPSIS (VECTORS.md section 3), obstacle degree (section 8), against pymcdm."""

from __future__ import annotations

import re

import numpy as np
import pytest

from ccdkit import DataError, normalize, obstacle_degree, topsis
from ccdkit.weights import critic_weights, entropy_weights, std_weights
from conftest import shared_path


def _section(title: str, end: str) -> str:
    text = shared_path("reference", "mcdm", "VECTORS.md").read_text(encoding="utf-8")
    return text.split(title, 1)[1].split(end, 1)[0]


def _floats(s: str) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+\.\d+", s)]


def test_tzeng_huang_2011_vector():
    sec = _section("## 3. TOPSIS only", "## 4.")
    part = sec.split("Tzeng & Huang", 1)[1].split("- **Opricovic", 1)[0]
    expected = _floats(re.search(r"similarity = `(\[.*?\])`", part).group(1))
    res = topsis([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], [0.3, 0.4, 0.3], matrix="vector")
    np.testing.assert_allclose(res.closeness, expected, atol=5e-5)


def test_opricovic_tzeng_2004_minmax_with_cost():
    sec = _section("## 3. TOPSIS only", "## 4.")
    part = sec.split("Opricovic & Tzeng", 1)[1]
    expected = _floats(re.search(r"closeness = `(\[.*?\])`", part).group(1))
    res = topsis([[1, 3000], [2, 3750], [5, 4500]], [0.5, 0.5], directions=["-", "+"])
    np.testing.assert_allclose(res.closeness, expected, atol=5e-4)


def test_scikit_criteria_unscaled():
    sec = _section("## 3. TOPSIS only", "## 4.")
    part = sec.split("scikit-criteria `test_TOPSIS`", 1)[1]
    expected = _floats(re.search(r"similarity `(\[.*?\])`", part).group(1))
    res = topsis([[1, 0, 3], [0, 5, 6]], [1 / 3] * 3, matrix="raw")
    np.testing.assert_allclose(res.closeness, expected, atol=5e-9)
    # the ideal points with unit weights are [1, 5, 6] and [0, 0, 3]
    np.testing.assert_allclose(res.ideal * 3, [1, 5, 6])
    np.testing.assert_allclose(res.anti_ideal * 3, [0, 0, 3])


def test_akestoridis_mcdm_readme_rankings():
    sec = _section("## 3. TOPSIS only", "## 4.")
    part = sec.split("akestoridis/mcdm", 1)[1]
    lines = [line for line in part.splitlines() if "rank(" in line]
    a = np.array([[4, 5, 10], [3, 10, 6], [3, 20, 2], [2, 15, 5]], dtype=float)

    def expected(line):
        return {k: float(v) for k, v in re.findall(r"([ABCD]) (\d\.\d+)", line)}

    # Vector normalization, SD weights on it, TOPSIS
    r = normalize(a, "vector")
    got = topsis(a, std_weights(r).weights, matrix="vector").closeness
    # Linear2 = min-max, CRITIC, simple additive weighting
    z = normalize(a, "minmax")
    saw = z @ critic_weights(z, standardize="none").weights.to_numpy()
    # Linear3 = proportions, entropy, modified TOPSIS (weights in the distance)
    p = normalize(a, "proportion")
    mt = topsis(p, entropy_weights(p, standardize="none").weights, matrix="raw",
                weighting="distance").closeness
    for line, values in zip(lines, (got, saw, mt)):
        exp = expected(line)
        for k, name in enumerate("ABCD"):
            assert values[k] == pytest.approx(exp[name], abs=5e-10), line


def test_obstacle_degree_vectors():
    sec = _section("## 8. Obstacle degree", "\n## ")
    rows = [_floats(m) for m in re.findall(r"row \d: O = (\[.*?\])", sec)]
    res = obstacle_degree([[0.2, 0.9, 0.5], [0.6, 0.4, 0.1]], [0.5, 0.3, 0.2],
                          dimensions=["d1", "d2", "d2"])
    np.testing.assert_allclose(res.indicators.to_numpy(), rows, atol=5e-7)
    np.testing.assert_allclose(res.dimensions["d2"], np.array(rows)[:, 1:].sum(axis=1), atol=2e-6)
    assert res.top(1)["obstacle_1"].tolist() == ["x1", "x1"]


def test_topsis_against_pymcdm():
    pytest.importorskip("pymcdm")
    from pymcdm.methods import TOPSIS

    rng = np.random.default_rng(5)
    for _ in range(5):
        x = rng.lognormal(size=(12, 4))
        w = rng.dirichlet(np.ones(4))
        types = np.array([1, -1, 1, -1])
        theirs = TOPSIS()(x, w, types)
        ours = topsis(x, w, directions=types).closeness
        np.testing.assert_allclose(ours, theirs, atol=1e-12)


def test_topsis_details_and_errors():
    res = topsis([[1, 2], [3, 1], [2, 3]], [0.5, 0.5], index=["a", "b", "c"])
    frame = res.to_frame()
    assert frame.index.tolist() == ["a", "b", "c"] and frame["rank"].min() == 1
    assert ((res.closeness >= 0) & (res.closeness <= 1)).all()
    with pytest.raises(DataError, match="sum to 1"):
        topsis([[1, 2], [3, 1]], [0.5, 0.6])
    with pytest.raises(DataError, match="2 weights for 3"):
        topsis([[1, 2, 3], [3, 1, 2]], [0.5, 0.5])
    with pytest.raises(DataError, match="matrix must be one of"):
        topsis([[1, 2], [3, 1]], [0.5, 0.5], matrix="l1")
    with pytest.raises(DataError, match=r"in \[0, 1\]"):
        obstacle_degree([[2.0, 0.5]], [0.5, 0.5])
