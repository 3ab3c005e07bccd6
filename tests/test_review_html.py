"""`pipeline review`: the self-contained HTML review page, checked as text and,
where Chromium is installed, as a browser loads and draws it."""
from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fixtures.sample_pdf import build_sample, build_untagged

import pipeline.checker
from pipeline.checker.findings import Finding, Report
from pipeline.cli import main
from pipeline.commands.review import run_checker, write_review
from pipeline.review.html import match_key

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "verapdf-corpus" / "PDF_UA-1"
CORPUS_FILES = sorted(CORPUS.rglob("*.pdf")) if CORPUS.is_dir() else []

FAKE_FINDINGS = [
    Finding("7.3", "figure-alt-missing", "Figure without alternative text", page=2, obj=17,
            path="Document[1]/Figure[2]"),
    Finding("7.2", "lang-missing", "Text <without> a language & more", page=1),
    Finding("5", "pdfua-identifier", "No PDF/UA identification in the metadata"),
]


def fake_check_file(path: str) -> Report:
    return Report(file=str(path), pages=2, findings=list(FAKE_FINDINGS))


@pytest.fixture
def fake_checker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline.checker, "check_file", fake_check_file, raising=False)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("review-html") / "sample.pdf")


class _Collect(HTMLParser):
    """Elements with their attributes, and the text, of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Collect:
    c = _Collect()
    c.feed(html)
    return c


def boxes(page: _Collect) -> list[dict[str, str]]:
    return [a for t, a in page.tags if t == "div" and "box" in a.get("class", "").split()]


def check_review_page(html: str) -> None:
    """What must hold of the sample's review page, whoever parsed it."""
    page = parse(html)
    html_tag = next(a for t, a in page.tags if t == "html")
    assert html_tag.get("lang") == "en"
    numbered = {(a["data-number"], a["data-type"]) for a in boxes(page) if "data-number" in a}
    assert {("2", "H1"), ("3", "P"), ("4", "Span"), ("5", "Figure"), ("7", "Link"), ("11", "H2"),
            ("12", "Figure")} <= numbered
    assert any("artifact" in a["class"] for a in boxes(page))
    # the finding with a structure path marks that element's box
    fig2 = next(a for a in boxes(page) if a.get("data-number") == "12")
    assert "finding" in fig2["class"].split()
    rows = [a for t, a in page.tags if t == "tr" and a.get("id", "").startswith("finding-")]
    assert len(rows) == len(FAKE_FINDINGS)
    text = " ".join(page.text)
    assert "figure-alt-missing" in text and "Text <without> a language & more" in text
    assert "Diagramm: Strom fließt zwischen Haushalten und Netz." in text
    assert "[lang=en] Smart Grid [/lang]" in text
    imgs = [a for t, a in page.tags if t == "img"]
    assert len(imgs) == 2 and all(a["src"].startswith("data:image/jpeg;base64,") and a["alt"] for a in imgs)
    headings = [a["id"] for t, a in page.tags if t in ("h2",) and "id" in a]
    assert headings[:3] == ["checkpoints-h", "findings-h",
                                                                                "workbench-h"]


def test_review_page_of_sample(tmp_path: Path, sample: Path, fake_checker: None) -> None:
    out = write_review(sample, tmp_path / "report.html")
    html = out.read_text(encoding="utf-8")
    check_review_page(html)
    # self-contained: nothing fetched from anywhere
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|file:)""", html)
    assert "<link" not in html and "@import" not in html and "url(" not in html
    # one data block and one inline script, neither fetching anything
    assert re.findall(r"<script[^>]*>", html) == ['<script type="application/json" id="element-data">',
                                                  "<script>"]
    assert "fetch(" not in html and "XMLHttpRequest" not in html


def test_checker_missing_or_failing_is_reported_not_fatal(tmp_path: Path, sample: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(pipeline.checker, "check_file", raising=False)
    assert "not available" in (run_checker(sample).error or "")

    def broken(path: str) -> Report:
        raise RuntimeError("checker exploded\nwith two lines")

    monkeypatch.setattr(pipeline.checker, "check_file", broken, raising=False)
    result = run_checker(sample)
    assert result.error == "RuntimeError: checker exploded with two lines"
    html = write_review(sample, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "The PDF/UA checker did not run: RuntimeError: checker exploded" in html


def test_cli_review(tmp_path: Path, sample: Path, fake_checker: None,
                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli.html"
    assert main(["review", str(sample), "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    check_review_page(out.read_text(encoding="utf-8"))


def test_cli_review_untagged_and_corrupt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = build_untagged(tmp_path / "plain.pdf")
    assert main(["review", str(plain), "-o", str(tmp_path / "a.html")]) == 1
    assert "no structure tree" in capsys.readouterr().err
    assert not (tmp_path / "a.html").exists()
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\ntruncated")
    assert main(["review", str(bad), "-o", str(tmp_path / "b.html")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_review_with_the_real_checker(tmp_path: Path, sample: Path) -> None:
    result = run_checker(sample)
    assert result.error is None
    html = write_review(sample, tmp_path / "real.html").read_text(encoding="utf-8")
    assert "did not run" not in html


@pytest.mark.skipif(not CORPUS_FILES, reason=f"veraPDF corpus not found at {CORPUS}")
def test_checker_paths_name_our_elements() -> None:
    """Every structure path in the checker's findings on the corpus names an element we read,
    so the review page can outline the element a finding is about."""
    from pipeline.review.structure import load_document

    with_paths = 0
    for path in CORPUS_FILES:
        if "fail" not in path.name:
            continue
        try:
            report = pipeline.checker.check_file(path)
        except Exception:  # noqa: BLE001 - files the checker refuses are its own tests' business
            continue
        ours = {node.path for node in load_document(path).elements}
        ours |= {match_key(p) for p in ours}
        for finding in report.findings:
            if finding.path:
                with_paths += 1
                assert finding.path in ours or match_key(finding.path) in ours, (path.name, finding.path)
    assert with_paths > 0


@pytest.mark.skipif(not CORPUS_FILES, reason=f"veraPDF corpus not found at {CORPUS}")
@pytest.mark.parametrize("path", CORPUS_FILES[::5], ids=lambda p: p.name)
def test_review_corpus_files(tmp_path: Path, path: Path, fake_checker: None) -> None:
    """Every fifth corpus file (all of them are tagged): a page with one image per page."""
    out = write_review(path, tmp_path / "corpus.html", scale=0.5)
    page = parse(out.read_text(encoding="utf-8"))
    assert any(t == "section" and a.get("id") == "page-1" for t, a in page.tags)


# --- in a real browser ----------------------------------------------------------

def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


CHROMIUM = find_chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium not installed (apt-get install chromium): "
           "the browser tests of the review page are skipped",
)


def chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    assert CHROMIUM is not None
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


@needs_chromium
def test_chromium_dom_has_boxes_and_findings(tmp_path: Path, sample: Path, fake_checker: None) -> None:
    report = write_review(sample, tmp_path / "report.html")
    done = chromium(["--dump-dom", report.resolve().as_uri()], tmp_path / "profile")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert "<title>Accessibility review: sample.pdf</title>" in dom
    check_review_page(dom)


@needs_chromium
def test_chromium_screenshot_shows_page_and_boxes(tmp_path: Path, sample: Path, fake_checker: None) -> None:
    from PIL import Image

    report = write_review(sample, tmp_path / "report.html")
    # page images load lazily; headless Chromium's --screenshot does not scroll, so load them now
    report.write_text(report.read_text(encoding="utf-8").replace('loading="lazy"', 'loading="eager"'),
                      encoding="utf-8")
    shot = tmp_path / "shot.png"
    # tall enough to reach page 1 below the checkpoint table and the findings
    done = chromium([f"--screenshot={shot}", "--window-size=1280,5000", report.resolve().as_uri()],
                    tmp_path / "profile")
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 5000)
    colours = image.getcolors(maxcolors=1 << 20) or []
    count = {rgb: n for n, rgb in colours}

    def near(target: tuple[int, int, int], tol: int = 12) -> int:
        return sum(n for rgb, n in count.items()
                   if all(abs(a - b) <= tol for a, b in zip(rgb, target, strict=True)))

    assert near((0x00, 0x50, 0xB3)) > 100  # heading boxes and badges
    assert near((0xC2, 0x41, 0x0C)) > 100  # figure boxes
    # the blue rectangle drawn on page 1 (rendered image, tinted by its orange figure box)
    assert near((68, 97, 180), 16) > 5000


@pytest.mark.parametrize("rotate, expected", [
    (0, (10.0, 80.0, 20.0, 10.0)),
    (90, (10.0, 10.0, 10.0, 20.0)),
    (180, (70.0, 10.0, 20.0, 10.0)),
    (270, (80.0, 70.0, 10.0, 20.0)),
])
def test_boxes_follow_page_rotation(rotate: int, expected: tuple[float, float, float, float]) -> None:
    """A box 10..30 x 10..20 on a 100 x 100 page (left, top, width, height in percent)."""
    from pipeline.pdfread.pagetext import BBox
    from pipeline.review.render import to_view
    from pipeline.review.structure import PageInfo

    r = to_view(BBox(10, 10, 30, 20), PageInfo(1, BBox(0, 0, 100, 100), rotate))
    assert r is not None and (r.left, r.top, r.width, r.height) == pytest.approx(expected)
    assert to_view(BBox(200, 200, 300, 300), PageInfo(1, BBox(0, 0, 100, 100), rotate)) is None


def test_review_of_damaged_copies(sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = sample.read_bytes()
    variants = [data[: len(data) * k // 6] for k in range(1, 6)]
    for k in range(1, 6):
        flipped = bytearray(data)
        for i in range(k * 31 + 40, len(flipped), len(flipped) // (k + 2)):
            flipped[i] ^= 0x33
        variants.append(bytes(flipped))
    for i, content in enumerate(variants):
        bad = tmp_path / f"damaged{i}.pdf"
        bad.write_bytes(content)
        code = main(["review", str(bad), "-o", str(tmp_path / f"d{i}.html"), "--no-check", "--scale", "0.3"])
        err = capsys.readouterr().err
        assert code in (0, 1, 2) and "Traceback" not in err
        if code:
            assert len(err.strip().splitlines()) == 1, (i, err)
