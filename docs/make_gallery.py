"""Regenerate docs/gallery.md and docs/gallery/*.png from the built-in (synthetic) demo.

Run from the repository root: ``python docs/make_gallery.py``. Every figure ccdkit draws for
a study is produced by the same code path as ``ccdkit run`` (``ccdkit.figures.study_figures``),
in Chinese and in English.
"""

from __future__ import annotations

import sys
import tempfile
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from ccdkit import run_study  # noqa: E402
from ccdkit.scaffold import write_demo_study  # noqa: E402
from ccdkit.present import study_figures  # noqa: E402

HERE = Path(__file__).resolve().parent


def main() -> int:
    out = HERE / "gallery"
    out.mkdir(exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    lines = ["# Figure gallery", "",
             "Every figure of a study run, drawn from the built-in demo study. **The demo data "
             "are synthetic** (generated from a seed by `ccdkit demo`), not official statistics.",
             "Regenerate with `python docs/make_gallery.py`.", ""]
    with tempfile.TemporaryDirectory() as tmp:
        write_demo_study(Path(tmp) / "study")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = run_study(Path(tmp) / "study" / "study.yaml")
        for lang in ("zh", "en"):
            figures = study_figures(result, lang=lang)
            lines += [f"## {'中文' if lang == 'zh' else 'English'}", ""]
            for stem, (caption, fig) in figures.items():
                name = f"{stem}_{lang}.png"
                fig.savefig(out / name, dpi=80, bbox_inches="tight", metadata={"Software": None})
                matplotlib.pyplot.close(fig)
                lines += [f"### {caption}", "", f"![{caption}](gallery/{name})", ""]
    (HERE / "gallery.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {len(list(out.glob('*.png')))} figures to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
