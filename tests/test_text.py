"""The language layer: one catalogue, complete in every language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ccdkit.text import LANGUAGES, MESSAGES, fields, pick, tr

SRC = Path(__file__).resolve().parents[1] / "src" / "ccdkit"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_is_complete_with_the_same_fields(key):
    entry = MESSAGES[key]
    assert set(entry) == set(LANGUAGES), f"{key}: languages {sorted(entry)}"
    assert len({frozenset(fields(m)) for m in entry.values()}) == 1, \
        f"{key}: fields differ: {[sorted(fields(m)) for m in entry.values()]}"
    assert not _CJK.search(entry["en"] if isinstance(entry["en"], str) else ""), key


class _Value(float):
    """A field value that any format spec accepts (numbers and text)."""

    def __new__(cls):
        return super().__new__(cls, 0.5)

    def lower(self):
        return "x"

    def __getitem__(self, item):  # text operations of the sentence functions
        return "Xx"[item]

    def __contains__(self, item):
        return False


def test_messages_render_with_their_fields():
    for key, entry in MESSAGES.items():
        if key.startswith("warning.") and fields(entry["en"]) == {"p", "L", "text"}:
            continue  # rendered from a warning's values: test_every_warning_has_its_text
        values = {name: _Value() for name in fields(entry["en"])}
        for lang in LANGUAGES:
            assert tr(key, lang, **values), key


def test_unknown_ids_and_languages_are_errors():
    with pytest.raises(KeyError):
        tr("no.such.message", "en")
    with pytest.raises(Exception, match="language must be one of"):
        tr("axis.year", "fr")
    with pytest.raises(KeyError):
        pick({"zh": "低"}, "zh")


def test_no_language_branch_outside_the_text_layer():
    """Reader-facing text comes from the catalogue: no comparison with a language outside
    ccdkit.text (``lang == "zh"``, ``zh = lang == ...``, ``"zh" if ...``)."""
    pattern = re.compile(r"\blang\s*[!=]=|[!=]=\s*[\"'](zh|en)[\"']|[\"'](zh|en)[\"']\s*if\b")
    bad = [f"{p.relative_to(SRC)}:{i}: {line.strip()}" for p in SRC.rglob("*.py")
           if "text" not in p.relative_to(SRC).parts[:1]
           for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
           if pattern.search(line)]
    assert not bad, "\n".join(bad)


def test_every_warning_has_its_text():
    """Every message id a ccdkit warning is raised with has its sentence in every
    language, and every warning is raised through the catalogue (no sentence written at
    the raise site: a ``key=`` keyword outside ccdkit.text would be one)."""
    keys = set()
    for path in SRC.rglob("*.py"):
        if "text" in path.parts:
            continue
        keys |= set(re.findall(r'warning\(\s*\w+, "([a-z_]+\.[a-z_]+)"',
                               path.read_text(encoding="utf-8")))
    assert len(keys) > 30
    missing = sorted(k for k in keys if f"warning.{k}" not in MESSAGES)
    assert not missing, missing
    inline = [f"{p.relative_to(SRC)}" for p in SRC.rglob("*.py")
              if "text" not in p.parts and p.name != "exceptions.py"
              and re.search(r'Warning\([^)]*key="', p.read_text(encoding="utf-8"), re.S)]
    assert not inline, inline


def test_every_declared_option_has_a_label_and_help():
    """Every option of a config block and every method parameter has a label and a help
    line in every language (what the app's forms show): labels from the catalogue, help in
    English from the declaration and in Chinese from the catalogue."""
    from ccdkit.specs import defaults_table, options_rows
    from ccdkit.study import Study
    from ccdkit.text import option_help, option_label

    rows = [(f"{r['family']}.{r['method']}.{r['parameter']}", r["description"])
            for r in defaults_table()]
    for block in ("impute", "coupling", "detector", "spatial", "dynamics", "econometrics",
                  "robustness", "output"):
        model = Study.model_fields[block].annotation
        model = next(a for a in getattr(model, "__args__", [model]) if a is not type(None))
        rows += [(f"{block}.{r['key']}", r["meaning"]) for r in options_rows(model)]
    missing = []
    for key, description in rows:
        try:
            labels = {lang: option_label(key, lang) for lang in LANGUAGES}
            helps = {lang: option_help(key, lang, description) for lang in LANGUAGES}
        except KeyError:
            missing.append(key)
            continue
        assert not _CJK.search(labels["en"]) and _CJK.search(labels["zh"]), (key, labels)
        assert helps["en"] and _CJK.search(helps["zh"]), (key, helps)
    assert not missing, missing
