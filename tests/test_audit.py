"""The coupling auditor: it recovers the variant of tables made with each formula, refuses
when none fits, names internal inconsistencies, and identifies two published tables
(tests/reference/audit.json)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccdkit.coupling import C_VARIANTS, audit, printed_decimals
from ccdkit.exceptions import DataError

REFERENCE = json.loads((Path(__file__).parent / "reference" / "audit.json").read_text("utf-8"))
CASES = {c["id"]: c for c in REFERENCE["cases"]}


def _by_hand(u: np.ndarray, variant: str) -> np.ndarray:
    """Each C variant written out from its published formula (not the auditor's code)."""
    n = u.shape[1]
    prod, total = np.prod(u, axis=1), u.sum(axis=1)
    if variant == "classic":
        return n * prod ** (1 / n) / total
    if variant == "classic_sqrt":
        return (prod / (total / n) ** n) ** 0.5
    if variant == "classic_no_exponent":
        return prod / (total / n) ** n
    if variant == "classic_no_n":
        return (prod / total ** n) ** (1 / n)
    if variant == "wang2021":
        pairs = sum(abs(u[:, i] - u[:, j]) for i in range(n) for j in range(i + 1, n))
        top = u.max(axis=1)
        return np.sqrt((1 - pairs / (n * (n - 1) / 2)) *
                       np.prod(u / top[:, None], axis=1) ** (1 / (n - 1)))
    if variant == "fan2024":
        return 1 - 2 * np.sqrt((n * (u ** 2).sum(axis=1) - total ** 2) / n ** 2)
    raise AssertionError(variant)


def _table(u, c, t, d, digits=4) -> pd.DataFrame:
    """A table as a paper prints it: every column rounded, kept as text."""
    cols = {f"U{k + 1}": u[:, k] for k in range(u.shape[1])} | {"C": c, "T": t, "D": d}
    return pd.DataFrame({k: [f"{x:.{digits}f}" for x in v] for k, v in cols.items()})


@pytest.mark.parametrize("n", [2, 3, 4])
@pytest.mark.parametrize("variant", list(C_VARIANTS))
def test_every_generated_variant_is_recovered(variant, n):
    if n < C_VARIANTS[variant][1]:
        pytest.skip("the exponent-1/2 form equals the classic one for two systems")
    rng = np.random.default_rng(7 + n)
    u = rng.uniform(0.05, 0.95, size=(30, n))
    c = _by_hand(u, variant)
    t = u.mean(axis=1)
    r = audit(_table(u, c, t, np.sqrt(c * t)))
    assert r.identified["C"] == [variant]
    assert r.identified["D"] == [variant]
    assert r.identified["T"] == ["equal"]
    assert r.issues.empty and r.residuals["within"].all()


def test_given_and_fitted_weights_of_t():
    rng = np.random.default_rng(3)
    u = rng.uniform(0.1, 0.9, size=(25, 2))
    w = np.array([0.6, 0.4])
    c = _by_hand(u, "classic")
    t = u @ w
    table = _table(u, c, t, np.sqrt(c * t))
    given = audit(table, weights=[0.6, 0.4])
    assert given.identified["T"] == ["given"] and given.identified["D"] == ["classic"]
    fitted = audit(table)  # weights unknown: the table's T implies them
    assert fitted.identified["T"] == ["fitted"]
    assert np.allclose(fitted.options["fitted_weights"], w, atol=2e-3)
    assert fitted.options["t_for_d"] == "fitted" and fitted.identified["D"] == ["classic"]
    assert "0.600, 0.400" in fitted.summary()


def test_refuses_when_no_known_variant_fits():
    rng = np.random.default_rng(11)
    u = rng.uniform(0.05, 0.95, size=(20, 2))
    c = u.min(axis=1) / u.max(axis=1)  # a ratio, not a coupling degree of the literature
    t = u.mean(axis=1)
    r = audit(_table(u, c, t, np.sqrt(c * t)))
    assert r.identified["C"] == [] and r.identified["D"] == []
    assert "no known variant reproduces" in r.summary()
    assert "已知公式均不能" in r.summary("zh")


def test_rounding_tolerance_is_neither_too_tight_nor_too_loose():
    """Printed with 3 decimals a table still fits; one value off by 2 units of the last
    digit does not (and is named by its row)."""
    rng = np.random.default_rng(5)
    u = rng.uniform(0.05, 0.95, size=(40, 3))
    c = _by_hand(u, "classic")
    t = u.mean(axis=1)
    table = _table(u, c, t, np.sqrt(c * t), digits=3)
    assert audit(table).identified["C"] == ["classic"]
    assert printed_decimals(table["C"]) == 3
    ok = audit(table).residuals.query("quantity == 'C'")
    i = int((ok["tolerance"] - 0.0005).idxmin())  # the row least affected by U's rounding
    table.loc[i, "C"] = f"{float(table.loc[i, 'C']) + 0.002 + float(ok.loc[i, 'tolerance']):.3f}"
    r = audit(table)
    assert r.identified["C"] == []
    bad = r.residuals.query("quantity == 'C' and not within")
    assert bad["row"].tolist() == [i + 1]


def test_internal_inconsistencies_are_named():
    table = pd.DataFrame({
        "U1": ["0.300", "0.500", "0.200", "0.800"],
        "U2": ["0.400", "0.500", "0.900", "0.700"],
        "C": ["0.990", "1.020", "0.770", "0.998"],
        "T": ["0.350", "0.500", "0.950", "0.750"],
        "D": ["0.589", "0.714", "0.700", "0.600"],
        "type": ["勉强协调", "初级协调", "中级协调", "初级协调"],
    })
    r = audit(table)
    checks = {(row.check, row.row) for row in r.issues.itertuples()}
    assert ("c_range", 2) in checks  # C = 1.020 > 1
    assert ("t_range", 3) in checks  # T = 0.950 above both U
    assert ("d_not_sqrt_ct", 4) in checks  # √(0.998 × 0.750) = 0.865, not 0.600
    assert ("type_bounds", 1) not in checks  # 0.589: 勉强协调 [0.5, 0.6)
    assert ("type_bounds", 2) in checks  # 0.714 is 中级协调, not 初级协调
    assert ("type_bounds", 4) not in checks  # 0.600 prints 0.5995..0.6005: either class
    assert "C outside [0, 1]" in r.summary()


def test_unknown_type_labels_are_checked_for_overlaps():
    table = pd.DataFrame({"U1": ["0.2", "0.4", "0.6", "0.8"], "U2": ["0.2", "0.4", "0.6", "0.8"],
                          "D": ["0.3", "0.5", "0.7", "0.9"],
                          "type": ["low", "high", "low", "high"]})
    r = audit(table, type_column="type")
    over = r.issues[r.issues["check"] == "type_overlap"]
    assert set(over["row"]) == {2, 3}


def test_published_two_system_table():
    case = CASES["logistics_2022_table4"]
    table = pd.DataFrame(case["rows"], columns=case["columns"])
    r = audit(table, case["systems"], type_column=case["type_column"])
    for q, variant in case["expected"].items():
        assert r.identified[q] == [variant], (q, r.fits)
    assert r.issues.empty  # the types are contiguous in D, D = √(C T) at 3 decimals


def test_published_four_system_tables():
    case = CASES["coupling_vignette_gzma"]
    table = pd.DataFrame(case["rows"], columns=case["columns"])
    for prefix, variant in case["models"].items():
        r = audit(table, case["systems"], c=f"{prefix}_C", d=f"{prefix}_D")
        assert r.identified == {"C": [variant], "D": [variant]}, prefix


def test_bad_input_names_the_column_and_row():
    table = pd.DataFrame({"U1": ["0.1", "0.2"], "U2": ["0.3", "x"], "C": ["0.8", "0.9"]})
    with pytest.raises(DataError, match=r"column 'U2' row 2: expected a number, found 'x'"):
        audit(table)
    with pytest.raises(DataError, match="'Z' is not in the table"):
        audit(table.assign(U2="0.3"), c="Z")
    with pytest.raises(DataError, match="reports none of C, T, D"):
        audit(table[["U1", "U2"]].assign(U2="0.3"))


def test_missing_scores_are_reported_not_dropped():
    table = pd.DataFrame({"U1": ["0.30", "", "0.60"], "U2": ["0.40", "0.50", "0.60"],
                          "C": ["0.99", "0.97", "1.00"]})
    r = audit(table)
    assert r.identified["C"] == ["classic"]
    assert r.issues.query("check == 'u_missing'")["row"].tolist() == [2]
    assert r.fits.query("quantity == 'C'")["n"].iloc[0] == 2


def _write_case(path: Path, case: dict, sep: str = ",") -> Path:
    lines = [sep.join(case["columns"])] + [sep.join(r) for r in case["rows"]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_command_line_file_paste_and_outputs(tmp_path, capsys, monkeypatch):
    import io

    from ccdkit.cli import main

    case = CASES["logistics_2022_table4"]
    src = _write_case(tmp_path / "table4.csv", case)
    before = src.read_bytes()
    code = main(["audit", str(src), "--systems", "Uu", "Ur", "--type",
                 case["type_column"], "--lang", "en", "--out", str(tmp_path / "res")])
    shown = capsys.readouterr().out
    assert code == 0 and "C: reproduced within the printed rounding by classic" in shown
    assert src.read_bytes() == before  # the input is never modified
    fits = pd.read_csv(tmp_path / "res" / "audit_fits.csv")
    assert "Formula" in fits.columns and "Reproduces" in fits.columns
    manifest = json.loads((tmp_path / "res" / "manifest.json").read_text("utf-8"))
    assert manifest["identified"]["T"] == ["equal"]
    # pasted (tab separated, from a spreadsheet) on stdin, zh
    monkeypatch.setattr("sys.stdin", io.StringIO(
        "\n".join(["\t".join(case["columns"])] + ["\t".join(r) for r in case["rows"]])))
    assert main(["audit", "-", "--systems", "Uu", "Ur"]) == 0
    assert "按打印精度完全复现" in capsys.readouterr().out
    # an existing output folder ccdkit did not write is refused, nothing changed
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep")
    assert main(["audit", str(src), "--systems", "Uu", "Ur", "--out", str(other),
                 "--force"]) == 1
    assert (other / "notes.txt").read_text() == "keep"


def test_command_line_errors_are_messages_not_tracebacks(tmp_path, capsys):
    from ccdkit.cli import main

    assert main(["audit", str(tmp_path / "none.csv")]) == 1
    assert "no such file" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text("U1,U2,C\n0.1,0.3,0.8\n0.2,abc,0.9\n", encoding="utf-8")
    assert main(["audit", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "column 'U2' row 2" in err and "Traceback" not in err


@settings(max_examples=30, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**31), n=st.integers(2, 4), digits=st.integers(2, 5),
       skew=st.sampled_from([1.0, 3.0]))
def test_a_table_rounded_from_its_own_formula_always_fits(seed, n, digits, skew):
    """Invariant of the tolerance: whatever the precision, and with scores crowded near 0
    (where C is steep), a table printed from unrounded U by a variant is reproduced by that
    variant (C, T and D) — the rounding of U included."""
    rng = np.random.default_rng(seed)
    true_u = rng.uniform(0, 1, size=(15, n)) ** skew
    for variant, (_, fewest) in C_VARIANTS.items():
        if n < fewest:
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            c = np.nan_to_num(_by_hand(true_u, variant))  # all-zero rows: C = 0 by convention
        t = true_u.mean(axis=1)
        printed = {f"U{k + 1}": true_u[:, k] for k in range(n)} | {
            "C": c, "T": t, "D": np.sqrt(np.clip(c * t, 0, None))}
        table = pd.DataFrame({k: [f"{x:.{digits}f}" for x in v] for k, v in printed.items()})
        r = audit(table)
        assert variant in r.identified["C"] and variant in r.identified["D"], variant
        assert r.identified["T"] == ["equal"]


def test_an_excel_sheet_is_read_as_displayed(tmp_path, capsys):
    """Excel keeps 0.410 as 0.41: the cells' number format (0.000) restores the printed
    decimals, so the tolerance is that of the printed table."""
    from openpyxl import Workbook

    from ccdkit.cli import main

    case = CASES["logistics_2022_table4"]
    book = Workbook()
    sheet = book.active
    sheet.append(case["columns"])
    for row in case["rows"]:
        cells = [float(v) if v.replace(".", "").isdigit() and "." in v else v for v in row]
        sheet.append(cells)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, float):
                cell.number_format = "0.000"
    path = tmp_path / "table4.xlsx"
    book.save(path)
    assert main(["audit", str(path), "--systems", "Uu", "Ur", "--lang", "en",
                 "--out", str(tmp_path / "res")]) == 0
    manifest = json.loads((tmp_path / "res" / "manifest.json").read_text("utf-8"))
    assert manifest["decimals"]["D"] == 3 and manifest["decimals"]["Uu"] == 3
    assert manifest["identified"] == {"C": ["classic"], "T": ["equal"], "D": ["classic"]}
    from ccdkit.data import read_printed_table

    shown = read_printed_table(path)
    assert shown.loc[0, ["Year", "D", "Ur", "Coupling type"]].tolist() == [
        "2011", "0.410", "0.280", "High level"]  # not 0.41 and 0.28
    assert main(["audit", str(path), "--sheet", "Nope"]) == 1
    assert "no sheet 'Nope'" in capsys.readouterr().err


def test_a_paper_s_own_classes_and_labels(tmp_path, capsys):
    """The logistics table's own scale (0.4 close to incongruity, 0.5 primary, 0.6
    intermediate, 0.7 good, 0.8 extreme): consistent; with ccdkit's 0.1-wide bounds its
    labels would be checked against the wrong classes, so a mislabelled row is the test:
    2016 (D = 0.684) called 'Good' is named."""
    from ccdkit.cli import main

    case = CASES["logistics_2022_table4"]
    labels = ["Close to incongruity", "Primary coupling coordination",
              "Intermediate coupling coordination", "Good coupling coordination",
              "Extreme coupling coordination"]
    args = ["--systems", "Uu", "Ur", "--type", case["type_column"], "--bounds", "0.4", "0.5",
            "0.6", "0.7", "0.8", "--labels", *labels, "--lang", "en"]
    src = _write_case(tmp_path / "t.csv", case)
    assert main(["audit", str(src), *args]) == 0
    assert "No internal inconsistency found." in capsys.readouterr().out
    rows = [r[:] for r in case["rows"]]
    rows[5][7] = "Good coupling coordination"
    bad = _write_case(tmp_path / "bad.csv", {**case, "rows": rows})
    r = audit(pd.read_csv(bad, dtype=str), case["systems"], type_column=case["type_column"],
              bounds=[0.4, 0.5, 0.6, 0.7, 0.8], type_labels=labels)
    assert r.issues[["row", "check"]].values.tolist() == [[6, "type_bounds"]]
    assert r.issues["expected"].tolist() == ["Intermediate coupling coordination"]
    with pytest.raises(DataError, match="increasing"):
        audit(pd.read_csv(bad, dtype=str), case["systems"], type_column=case["type_column"],
              bounds=[0.5, 0.4])
    with pytest.raises(DataError, match="2 type labels for 5 class bounds"):
        audit(pd.read_csv(bad, dtype=str), case["systems"], type_column=case["type_column"],
              bounds=[0.4, 0.5, 0.6, 0.7, 0.8], type_labels=labels[:2])


def test_readable_tables_name_formulas_and_checks_in_both_languages():
    table = pd.DataFrame({"U1": ["0.300", "0.500"], "U2": ["0.400", "0.500"],
                          "C": ["0.990", "1.020"]})
    r = audit(table)
    zh = r.tables("zh")
    assert {"指标", "公式", "完全复现"} <= set(zh["audit_fits"].columns)
    assert "经典模型" in set(zh["audit_fits"]["公式"])
    assert zh["audit_issues"]["检查"].tolist() == ["耦合度 C 不在 [0, 1]"]
    en = r.readable(r.outside(), "en")
    assert en[["Row", "Quantity", "Formula"]].values.tolist() == [[2, "C", "classic"]]
    assert "within" not in r.outside().columns
