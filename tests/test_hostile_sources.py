"""Issue 11: unattended and hostile sources. Every bad input is one clear error naming the
file and line (or path), exit 1 (2 for misuse), no traceback, and the previous PDFs stay
byte for byte; nothing is read from outside the edition folder.

Each test builds the mini edition once, breaks one thing the way an editor, a nightly
job or a full disk would, and builds again with the real command.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MINI
from pdfinspect import Inspector

PY = sys.executable
DE = "reportages/sonne.de.md"
EN = "reportages/sonne.en.md"


def cli(*args: str, env: dict | None = None, timeout: float = 300, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "pipeline.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=timeout, **kw)


@pytest.fixture
def mini(tmp_path) -> Path:
    folder = tmp_path / "src" / "mini"
    shutil.copytree(MINI, folder)
    return folder


@pytest.fixture
def built(mini, tmp_path) -> tuple[Path, Path, dict[str, bytes]]:
    """(edition folder, output folder, {name: bytes}) after a good build."""
    out = tmp_path / "out"
    run = cli("build", str(mini), "-o", str(out))
    assert run.returncode == 0, run.stderr
    pdfs = {p.name: p.read_bytes() for p in out.glob("*.pdf")}
    assert len(pdfs) == 3
    return mini, out, pdfs


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def refused(mini: Path, out: Path, before: dict[str, bytes], *expected: str,
            command: str = "build") -> str:
    """Build (or validate) again: exit 1, each expected text in the message, no traceback,
    the previous PDFs unchanged. Returns the message."""
    args = [command, str(mini)] + (["-o", str(out)] if command == "build" else [])
    run = cli(*args)
    text = run.stdout + run.stderr
    assert run.returncode == 1, text
    assert "Traceback" not in text, text
    for piece in expected:
        assert re.search(piece, text), f"{piece!r} not in:\n{text}"
    assert {p.name: p.read_bytes() for p in out.glob("*.pdf")} == before
    assert not list(out.glob(".*.tmp"))
    return text


def both_refuse(built, *expected: str) -> None:
    """`validate` and `build` report the same problem."""
    mini, out, before = built
    refused(mini, out, before, *expected, command="validate")
    refused(mini, out, before, *expected)


# -- 1. confinement -------------------------------------------------------------------
def test_reportage_id_with_dotdot_is_refused_and_nothing_outside_is_read(built, tmp_path):
    mini, out, before = built
    secret = tmp_path / "src" / "secret.de.md"
    secret.write_text((mini / DE).read_text(encoding="utf-8").replace("Sonne", "GEHEIM"), encoding="utf-8")
    shutil.copy(secret, secret.with_name("secret.en.md"))
    edit(mini / "edition.yaml", "  - sonne", "  - sonne\n  - ../../secret")
    both_refuse(built, r"edition\.yaml:\d+: reportages\[2\]: '\.\./\.\./secret' is not a valid id")


def test_symlinked_reportage_pointing_outside_is_refused(built, tmp_path):
    mini, out, before = built
    outside = tmp_path / "elsewhere.md"
    shutil.copy(mini / DE, outside)
    (mini / DE).unlink()
    (mini / DE).symlink_to(outside)
    both_refuse(built, r"edition\.yaml:\d+: reportage 'sonne': 'reportages/sonne\.de\.md' "
                       r"leaves the edition folder")


def test_symlinked_image_pointing_outside_is_refused(built, tmp_path):
    mini, out, before = built
    outside = tmp_path / "elsewhere.png"
    shutil.copy(mini / "images" / "sun.png", outside)
    (mini / "images" / "sun.png").unlink()
    (mini / "images" / "sun.png").symlink_to(outside)
    both_refuse(built, r"sonne\.de\.md:23: image path 'images/sun\.png' leaves the edition folder")


def test_absolute_cover_path_is_refused(built):
    mini, out, before = built
    edit(mini / "edition.yaml", "image: images/cover.png", "image: /etc/passwd")
    both_refuse(built, r"edition\.yaml:\d+: image path '/etc/passwd' leaves the edition folder")


# -- 2. the schema -------------------------------------------------------------------
def test_yaml_alias_bomb_is_refused_at_once(built):
    mini, out, before = built
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    text = (mini / "edition.yaml").read_text(encoding="utf-8")
    (mini / "edition.yaml").write_text(text + bomb, encoding="utf-8")
    started = time.monotonic()
    both_refuse(built, r"edition\.yaml:\d+: YAML anchors and aliases")
    assert time.monotonic() - started < 30


def test_yaml_nested_too_deep_is_refused(built):
    mini, out, before = built
    text = (mini / "edition.yaml").read_text(encoding="utf-8")
    (mini / "edition.yaml").write_text(text + "deep: " + "[" * 50 + "]" * 50 + "\n", encoding="utf-8")
    both_refuse(built, r"edition\.yaml:\d+: nested more than 20 levels")


@pytest.mark.parametrize("where,old,new,expected", [
    ("edition.yaml", "date: 2026-03-15", "date: 2026-13-01",
     r"edition\.yaml:3: date: 2026-13-01 is not a date of the calendar \(month must be in 1\.\.12\)"),
    ("edition.yaml", "date: 2026-03-15", "date: 2026-02-30",
     r"edition\.yaml:3: date: 2026-02-30 is not a date of the calendar"),
    (DE, "date: 2026-03-01", "date: 1. November 2026",
     r"sonne\.de\.md:6: date: '1\. November 2026' is not a date written YYYY-MM-DD"),
    (EN, "date: 2026-03-01", "date: 2026-02-30", r"sonne\.en\.md:6: date: 2026-02-30 is not a date"),
], ids=["month 13", "30 February", "date as text", "front matter 30 February"])
def test_invalid_dates_name_file_and_line(built, where, old, new, expected):
    mini, out, before = built
    edit(mini / where, old, new)
    both_refuse(built, expected)


@pytest.mark.parametrize("where,old,new,expected", [
    ("edition.yaml", "authors: [Erika Beispiel]", "autors: [Erika Beispiel]",
     r"edition\.yaml:13: unknown key 'autors' \(did you mean 'authors'\?\); ignored"),
    (DE, "author: Erika Beispiel", "author: Erika Beispiel\nautor: Erika B.",
     r"sonne\.de\.md:6: unknown key 'autor' \(did you mean 'author'\?\)"),
    (DE, "credit: \"Bild: © Projekt Clusterreportagen\"",
     "credit: \"Bild: © Projekt Clusterreportagen\"\ncaptoin: x",
     r"sonne\.de\.md:27: figure: unknown key 'captoin' \(did you mean 'caption'\?\)"),
], ids=["edition", "front matter", "figure"])
def test_misspelt_optional_key_is_a_warning_with_the_nearest_key(built, where, old, new, expected):
    mini, out, before = built
    edit(mini / where, old, new)
    for command in (["validate", str(mini)],
                    ["build", str(mini), "-o", str(out), "--report", str(out / "r.json")]):
        run = cli(*command)
        text = run.stdout + run.stderr
        assert run.returncode == 0, text
        assert re.search("warning: .*" + expected, text), text
    report = json.loads((out / "r.json").read_text(encoding="utf-8"))
    assert any(re.search(expected, w) for w in report["warnings"]), report["warnings"]


@pytest.mark.parametrize("old,new,expected", [
    ("title:\n  de: Mini-Ausgabe", "title:\n  de: ''", r"edition\.yaml:5: title\.de: must not be empty"),
    ("languages: [de, en]", "languages: de", r"edition\.yaml:2: languages: expected a list"),
    ("languages: [de, en]", "languages: [de, english]",
     r"edition\.yaml:2: languages\[2\]: unknown language 'english'"),
    ("id: mini", "id: mini/../x", r"edition\.yaml:1: id: 'mini/\.\./x' is not a valid id"),
    ("cover:\n", "cover: images/cover.png\nx:\n", r"edition\.yaml:\d+: cover: expected a mapping"),
], ids=["empty text", "languages not a list", "not a language tag", "id with a path", "cover not a mapping"])
def test_schema_value_rules(built, old, new, expected):
    mini, out, before = built
    edit(mini / "edition.yaml", old, new)
    both_refuse(built, expected)


# -- 3. validate finds what a source can cause ----------------------------------------
def test_reportage_listed_twice(built):
    mini, out, before = built
    edit(mini / "edition.yaml", "  - sonne", "  - sonne\n  - sonne")
    both_refuse(built, r"edition\.yaml:\d+: reportages\[2\]: 'sonne' is listed twice \(first on line \d+\)")


def test_nul_byte_in_markdown(built):
    mini, out, before = built
    edit(mini / DE, "Die Forschungsgruppe", "Die\x00 Forschungsgruppe")
    both_refuse(built, r"sonne\.de\.md:12: column \d+: control character U\+0000 \(NULL\)")


@pytest.mark.parametrize("char,name", [
    ("\U0001F600", "GRINNING FACE"), ("Ж", "CYRILLIC CAPITAL LETTER ZHE"),
    ("中", "CJK UNIFIED IDEOGRAPH-4E2D")])
def test_a_character_the_font_cannot_show_is_named_with_file_and_line(built, char, name):
    mini, out, before = built
    edit(mini / DE, "Das Labor", f"Das Labor {char}")
    code = f"U\\+{ord(char):04X}"
    both_refuse(built, rf"sonne\.de\.md:16: '{char}' \({code} {name}\) cannot be shown: the body font")


def test_a_character_the_font_cannot_show_in_edition_yaml(built):
    mini, out, before = built
    edit(mini / "edition.yaml", "de: Mini-Ausgabe", "de: Mini-Ausgabe Ж")
    both_refuse(built, r"edition\.yaml:5: 'Ж' \(U\+0416 CYRILLIC CAPITAL LETTER ZHE\) cannot be shown")


def test_covered_characters_and_any_alt_text_build(built):
    """Characters the font has build; alt texts are not drawn, so they may hold any character."""
    mini, out, before = built
    edit(mini / DE, "Das Labor", "Das Labor für 5 € – Größe ½")
    edit(mini / DE, "alt: Eine gelbe Sonne", "alt: Eine gelbe Sonne ☀ (Ж)")
    run = cli("build", str(mini), "-o", str(out))
    assert run.returncode == 0, run.stderr
    alts = _attributes(out / "mini.de.pdf", "/Alt", "Figure")
    assert any("☀ (Ж)" in a for a in alts), alts


def _attributes(path: Path, key: str, kind: str | None = None) -> list[str]:
    """The value of ``key`` on every structure element (of type ``kind``) that has it, in
    reading order (tests/pdfinspect.py reads the tree)."""
    doc = Inspector(path)
    return [str(e.get(key)) for e, _ in doc.elements()
            if key in e and (kind is None or str(e.S)[1:] == kind)]


# -- 4. text as editors save it --------------------------------------------------------
def test_byte_order_mark_and_crlf_give_the_same_pdf(built):
    mini, out, before = built
    for name in ("edition.yaml", DE, EN):
        path = mini / name
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    run = cli("build", str(mini), "-o", str(out))
    assert run.returncode == 0, run.stderr
    assert "wrote" in run.stdout  # the inputs' bytes changed, so it was rebuilt ...
    assert {p.name: p.read_bytes() for p in out.glob("*.pdf")} == before  # ... to the same PDFs


def test_any_bcp47_span_in_a_single_language_edition(mini, tmp_path):
    edit(mini / "edition.yaml", "languages: [de, en]", "languages: [de]")
    edit(mini / DE, "simuliert wird.", "simuliert wird, [Ciao]{lang=it} und [colour]{lang=en-GB}.")
    out = tmp_path / "out"
    run = cli("build", str(mini), "-o", str(out))
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in out.glob("*.pdf")) == ["mini.de.pdf"]
    langs = set(_attributes(out / "mini.de.pdf", "/Lang"))
    assert {"en", "it", "en-GB"} <= set(langs), sorted(langs)


def test_malformed_span_language_is_refused(built):
    mini, out, before = built
    edit(mini / DE, "{lang=en}", "{lang=12-BE}")
    both_refuse(built, r"sonne\.de\.md:13: span language: '12-BE' is not a BCP 47 language tag")


# -- 6. file-system faults ------------------------------------------------------------
@contextlib.contextmanager
def tmpfs(folder: Path, size: str):
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small tmpfs (CI runs as root)")
    run = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                         capture_output=True, text=True)
    if run.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {run.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _changed(mini: Path) -> None:
    edit(mini / DE, "Am Morgen", "Am frühen Morgen")


def test_read_only_output_folder(mini, tmp_path):
    with tmpfs(tmp_path / "ro", "8m") as out:
        assert cli("build", str(mini), "-o", str(out)).returncode == 0
        before = {p.name: p.read_bytes() for p in out.glob("*.pdf")}
        _changed(mini)
        subprocess.run(["mount", "-o", "remount,ro", str(out)], check=True)
        refused(mini, out, before, rf"{re.escape(str(out))}.*Read-only file system")


def test_full_disk(mini, tmp_path):
    with tmpfs(tmp_path / "full", "1m") as out:
        assert cli("build", str(mini), "-o", str(out)).returncode == 0
        before = {p.name: p.read_bytes() for p in out.glob("*.pdf")}
        with contextlib.suppress(OSError), open(out / "filler", "wb") as fh:
            while True:
                fh.write(b"\0" * 4096)
                fh.flush()
        _changed(mini)
        text = refused(mini, out, before, r"No space left on device")
        assert re.search(rf"{re.escape(str(out))}/\S+: No space left on device", text), text


def test_output_is_a_file(mini, tmp_path):
    out = tmp_path / "out"
    out.write_text("not a folder", encoding="utf-8")
    run = cli("build", str(mini), "-o", str(out))
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert str(out) in run.stderr, run.stderr
    assert "Not a directory" in run.stderr or "File exists" in run.stderr, run.stderr
    assert out.read_text(encoding="utf-8") == "not a folder"


def test_missing_output_folder_is_made(mini, tmp_path):
    out = tmp_path / "not" / "yet" / "there"
    run = cli("build", str(mini), "-o", str(out))
    assert run.returncode == 0, run.stderr
    assert len(list(out.glob("*.pdf"))) == 3


def test_report_that_cannot_be_written(built, tmp_path):
    mini, out, before = built
    run = cli("build", str(mini), "-o", str(out), "--report", str(tmp_path / "no-such" / "x" / "r.json"))
    # the folder is made; a report path that is a folder cannot be written
    assert run.returncode == 0, run.stderr
    (tmp_path / "dir.json").mkdir()
    run = cli("build", str(mini), "-o", str(out), "--report", str(tmp_path / "dir.json"))
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert f"cannot write the report: {tmp_path / 'dir.json'}" in run.stderr, run.stderr


@pytest.mark.parametrize("content", ["[]", "{\"format\": 1, \"outputs\": [], \"editions\": 3}", "null",
                                     "{\"format\": 1, \"outputs\": {\"x\": 5}, \"editions\": {}}", "\xff"])
def test_manifest_of_any_shape_is_a_warning_and_a_rebuild(built, content):
    mini, out, before = built
    (out / ".build-manifest.json").write_text(content, encoding="utf-8", errors="surrogateescape")
    run = cli("build", str(mini), "-o", str(out))
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    assert f"{out / '.build-manifest.json'}: cannot be used" in run.stderr, run.stderr
    assert run.stdout.count("wrote") == 3
    assert {p.name: p.read_bytes() for p in out.glob("*.pdf")} == before
    again = cli("build", str(mini), "-o", str(out))
    assert again.stdout.count("skipped") == 3 and "cannot be used" not in again.stderr


def test_manifest_that_is_a_folder(built):
    mini, out, before = built
    (out / ".build-manifest.json").unlink()
    (out / ".build-manifest.json").mkdir()
    _changed(mini)
    run = cli("build", str(mini), "-o", str(out))
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert ".build-manifest.json" in run.stderr, run.stderr


@pytest.mark.parametrize("cache", ["file", "hints of any shape"])
def test_unwritable_cache_or_broken_hints_still_build(built, tmp_path, cache):
    """Caches only save time: a cache folder that cannot be written is a warning naming it,
    and the build makes the same PDFs; hint files of any shape are ignored."""
    mini, out, before = built
    folder = tmp_path / "cache"
    if cache == "file":
        folder.write_text("a file where the cache folder should be", encoding="utf-8")
    else:
        shutil.copytree(Path(os.environ.get("PIPELINE_CACHE_DIR", "")) if os.environ.get("PIPELINE_CACHE_DIR")
                        else Path.home() / ".cache" / "reportage-pipeline", folder, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("*.marshal*"))
        for hint in (folder / "pages").glob("*.json"):
            hint.write_text("[1, {\"x\": [2]}]", encoding="utf-8")
    run = cli("build", str(mini), "-o", str(out), "--force", env={"PIPELINE_CACHE_DIR": str(folder)})
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    if cache == "file":
        assert f"cache folder {folder} cannot be written" in run.stderr, run.stderr
    assert {p.name: p.read_bytes() for p in out.glob("*.pdf")} == before


# -- 7. permissions -------------------------------------------------------------------
def test_published_files_get_the_umask_mode(mini, tmp_path):
    out = tmp_path / "out"
    review = tmp_path / "review.html"
    old = os.umask(0o022)
    try:
        assert cli("build", str(mini), "-o", str(out), "--report", str(out / "build.json")).returncode == 0
        assert cli("review", str(out / "mini.de.pdf"), "-o", str(review), "--no-check").returncode == 0
    finally:
        os.umask(old)
    for path in [*out.glob("*.pdf"), out / "build.json", review]:
        assert path.stat().st_mode & 0o777 == 0o644, (path, oct(path.stat().st_mode))
    os.umask(0o027)
    try:
        assert cli("build", str(mini), "-o", str(out), "--force").returncode == 0
    finally:
        os.umask(old)
    for path in out.glob("*.pdf"):
        assert path.stat().st_mode & 0o777 == 0o640, (path, oct(path.stat().st_mode))


# -- 8. misuse ------------------------------------------------------------------------
@pytest.mark.parametrize("args,expected", [
    (["--variant", "fr"], r"no variant 'fr' in mini; variants: de, en, bilingual"),
    (["--profile", "poster"], r"invalid choice: 'poster' \(choose from '?screen'?, '?print'?\)"),
], ids=["variant", "profile"])
def test_options_naming_nothing_exit_2_and_list_what_exists(mini, tmp_path, args, expected):
    out = tmp_path / "out"
    run = cli("build", str(mini), "-o", str(out), *args)
    assert run.returncode == 2, run.stdout + run.stderr
    assert re.search(expected, run.stderr), run.stderr
    assert not list(out.glob("*.pdf"))


def test_unknown_edition_exits_2_and_lists_the_editions(mini, tmp_path):
    run = cli("build", "nosuch", "--sources", str(mini.parent), "-o", str(tmp_path / "out"))
    assert run.returncode == 2, run.stderr
    assert "edition 'nosuch' not found" in run.stderr and "editions in" in run.stderr and "mini" in run.stderr


# -- 9. no orphans --------------------------------------------------------------------
def _children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_workers_end_when_the_build_is_killed(built):
    mini, out, before = built
    _changed(mini)
    edit(mini / EN, "Energy from the Sun", "Energy from our Sun")
    proc = subprocess.Popen([PY, "-m", "pipeline.cli", "build", str(mini), "-o", str(out), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PIPELINE_FAULT_PAUSE": "before-publish"})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not proc.stderr.readline().startswith("paused at"):
        pass
    workers = _children_of(proc.pid)
    assert workers, "no worker processes"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(map(_running, workers)):
        time.sleep(0.1)
    alive = [w for w in workers if _running(w)]
    assert not alive, f"workers still running after the build was killed: {alive}"
    assert {p.name: p.read_bytes() for p in out.glob("*.pdf")} == before


def test_unusable_hyphenation_settings_are_found_by_validate_too(built):
    mini, out, before = built
    with open(mini / "edition.yaml", "a", encoding="utf-8") as fh:
        fh.write("hyphenation:\n  de: [Ur-instinkt]\n  en: {patterns: en-AU}\n")
    both_refuse(built, r"edition\.yaml:\d+: unknown hyphenation patterns 'en-AU' for 'en'")
