"""bench/generate.py writes valid editions, and the same seed gives the same bytes."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402

TINY = dict(reportages=1, words_per_reportage=400, figures_per_reportage=2, tables_per_reportage=1)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_generated_edition_validates(tmp_path):
    folder = generate(tmp_path / "sources" / "tiny", seed=3, **TINY)
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "validate", "--sources",
                           str(tmp_path / "sources")], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "tiny: ok (1 reportages, languages de, en)" in done.stdout
    files = _files(folder)
    expected = {"edition.yaml", "reportages/r001.de.md", "reportages/r001.en.md", "images/cover.jpg"}
    assert expected <= set(files)
    german = files["reportages/r001.de.md"].decode("utf-8")
    for feature in ("```figure", "{.pullquote}", "[^1]", "{lang=en}", "| Standort |"):
        assert feature in german
    assert any(ch in german for ch in "äöüß")


def test_same_seed_same_bytes_other_seed_other_text(tmp_path):
    a = _files(generate(tmp_path / "a" / "ed", seed=5, **TINY))
    b = _files(generate(tmp_path / "b" / "ed", seed=5, **TINY))
    c = _files(generate(tmp_path / "c" / "ed", seed=6, **TINY))
    assert a == b
    assert a["reportages/r001.de.md"] != c["reportages/r001.de.md"]
    assert a["images/cover.jpg"] != c["images/cover.jpg"]


def test_german_text_does_not_depend_on_english(tmp_path):
    both = _files(generate(tmp_path / "both" / "ed", seed=2, **TINY))
    de = _files(generate(tmp_path / "de" / "ed", seed=2, languages=("de",),
                         reuse_images_from=tmp_path / "both" / "ed", **TINY))
    assert "reportages/r001.en.md" not in de
    assert all(de[name] == both[name] for name in de if name.startswith("images/"))
    # Same text; only the language span loses its markup in a German-only edition.
    strip = lambda text: text.replace("]{lang=en}", "").replace("[", "").replace("]", "")  # noqa: E731
    assert strip(de["reportages/r001.de.md"].decode()) == strip(both["reportages/r001.de.md"].decode())
