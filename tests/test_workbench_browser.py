"""The review page in a real browser (issue 18, parts 4 and 5): headless Chromium loads it from
disk, selects elements as a reviewer would (a #el-N link, a click on a box, the tree's
toggles), and axe-core judges it against WCAG 2.2 AA.

Chromium's --dump-dom and --screenshot run the page's own script; what a test adds (a click,
axe-core) is put into a copy of the page. Skipped, with the reason, where Chromium or axe-core
(``npm install --prefix tests/.npm axe-core``, as .ci/run does) is missing.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from fixtures.sample_pdf import build_sample

from pipeline.commands.review import write_review

AXE = Path(__file__).resolve().parent / ".npm" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(n)), None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None,
                                    reason="Chromium not installed (apt-get install chromium)")
needs_axe = pytest.mark.skipif(not AXE.is_file(),
                               reason="axe-core not installed: npm install --prefix tests/.npm "
                                      "axe-core (as .ci/run does)")
SELECTED = (0xFF, 0x00, 0xAA)  # the outline of the selected box (workbench.css)
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def chromium(args: list[str], profile: Path, budget_ms: int = 8000) -> subprocess.CompletedProcess:
    assert CHROMIUM is not None
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
           "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage",
           f"--user-data-dir={profile}", f"--virtual-time-budget={budget_ms}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


def harness(page: Path, out: Path, script: str = "", only_page: int | None = None) -> Path:
    """A copy of the review page for a headless browser: images loaded at once, no scrolling
    (--screenshot shows the top of the page), ``script`` run after the page's own, and with
    ``only_page`` everything but the workbench and that page hidden."""
    html = page.read_text(encoding="utf-8").replace('loading="lazy"', 'loading="eager"')
    head = "<script>Element.prototype.scrollIntoView = function () {};</script>"
    if only_page is not None:
        head += ("<style>header, .skip, main > section:not(#workbench), #workbench > h2, #workbench > p,"
                 f" section.page:not(#page-{only_page}), .notes {{ display: none !important; }}</style>")
    html = html.replace("</head>", head + "</head>", 1)
    if script:
        html = html.replace("</body>", f"<script>{script}</script></body>", 1)
    out.write_text(html, encoding="utf-8")
    return out


def dom(page: Path, tmp_path: Path, fragment: str = "", budget_ms: int = 8000) -> str:
    done = chromium(["--dump-dom", page.resolve().as_uri() + fragment], tmp_path / "profile", budget_ms)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def tag_of(html: str, element_id: str) -> str:
    match = re.search(rf'<[a-z]+ [^>]*id="{re.escape(element_id)}"[^>]*>', html)
    assert match, element_id
    return match.group(0)


def selected_boxes(html: str) -> list[str]:
    return re.findall(r'<div class="box [^"]*\bselected\b[^"]*"[^>]*data-number="(\d+)"', html)


@pytest.fixture(scope="module")
def sample_review(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("workbench")
    return write_review(build_sample(folder / "sample.pdf"), folder / "sample.review.html")


@pytest.fixture(scope="module")
def edition_review(built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("workbench-edition")
    return write_review(built["clusterreportagen"]["de"], folder / "de.review.html")


@needs_chromium
def test_a_link_to_an_element_selects_it_in_tree_and_page(sample_review: Path, tmp_path: Path) -> None:
    html = dom(sample_review, tmp_path, "#el-12")
    assert selected_boxes(html) == ["12"]
    assert 'aria-current="true"' in tag_of(html, "tree-el-12")
    panel = html[html.index('id="selected"'):]
    panel = panel[:panel.index("</div>")]
    assert "Selected element 12" in panel and "Foto eines Umspannwerks" in panel and "Figure" in panel


@needs_chromium
def test_choosing_a_box_selects_its_element_and_the_tree_toggles(sample_review: Path, tmp_path: Path) -> None:
    script = """
      document.querySelector('.box[data-number="5"]').click();
      var t = document.querySelector('button.toggle[aria-controls="kids-3"]');
      t.click();
      document.body.setAttribute('data-after', t.getAttribute('aria-expanded') + ' '
        + document.getElementById('kids-3').hidden + ' ' + (document.activeElement || {}).id);
    """
    page = harness(sample_review, tmp_path / "click.html", script)
    html = dom(page, tmp_path)
    assert selected_boxes(html) == ["5"]
    assert 'aria-current="true"' in tag_of(html, "tree-el-5")
    # the toggle collapsed element 3's children; focus went to the chosen element in the tree
    assert 'data-after="false true tree-el-5"' in html
    # every control is a native button or link: operable by keyboard, none taken out of tab order
    assert not re.search(r'tabindex="-?[1-9]', html)
    assert not re.search(r"<div[^>]*\bonclick=", html)


@needs_chromium
def test_screenshot_shows_the_selected_element_highlighted(edition_review: Path, tmp_path: Path) -> None:
    """Choose the first Figure inside the reportages (after page 2) and look at its page as drawn."""
    from PIL import Image

    source = edition_review.read_text(encoding="utf-8")
    sections = re.findall(r'<section class="page" id="page-(\d+)"(.*?)</section>', source, re.S)
    found = [(int(p), n) for p, body in sections
             for n in re.findall(r'data-number="(\d+)" data-type="Figure"', body)]
    page_number, number = next((p, n) for p, n in found if p > 2)
    page = harness(edition_review, tmp_path / "shot.html", only_page=page_number)
    shot = tmp_path / "selected.png"
    done = chromium([f"--screenshot={shot}", "--window-size=1400,1300",
                     page.resolve().as_uri() + f"#el-{number}"],
                    tmp_path / "profile")
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    shutil.copy(shot, Path(edition_review).with_name(f"selected-element-{number}.png"))
    image = Image.open(shot).convert("RGB")
    pixels = image.load()
    width, height = image.size
    hits = [(x, y) for y in range(0, height, 2) for x in range(0, width, 2)
            if all(abs(a - b) <= 40 for a, b in zip(pixels[x, y], SELECTED, strict=True))]
    assert len(hits) > 300, "the selected element's outline is drawn"
    # the outline sits in the page column, right of the tree, and the page image is drawn (not blank)
    xs = [x for x, _ in hits]
    assert min(xs) > width * 0.3
    assert len(image.crop((int(width * 0.35), 0, width, height)).getcolors(1 << 20) or []) > 500
    # the chosen element is marked in the tree as well
    html = dom(page, tmp_path, f"#el-{number}")
    assert selected_boxes(html) == [number]
    assert 'aria-current="true"' in tag_of(html, f"tree-el-{number}")


def run_axe(page: Path, tmp_path: Path) -> dict:
    script = AXE.read_text(encoding="utf-8").replace("</script", "<\\/script") + """
      axe.run(document, {runOnly: {type: 'tag', values: WCAG_TAGS}, resultTypes: ['violations']})
      .then(function (r) {
        var pre = document.createElement('pre'); pre.id = 'axe-result';
        pre.textContent = JSON.stringify({violations: r.violations.map(function (v) {
          return {id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.slice(0, 5).map(function (n) {
                    return n.target.join(' ') + ': ' + n.failureSummary;
                  })};
        }), passes: r.passes.length});
        document.body.appendChild(pre);
      });
    """.replace("WCAG_TAGS", json.dumps(WCAG))
    copy = harness(page, tmp_path / f"axe-{page.stem}.html", script)
    html = dom(copy, tmp_path, budget_ms=60000)
    match = re.search(r'<pre id="axe-result">(.*?)</pre>', html, re.S)
    assert match, "axe-core did not finish"
    import html as html_lib

    return json.loads(html_lib.unescape(match.group(1)))


@needs_chromium
@needs_axe
def test_axe_core_finds_no_wcag_violation_on_the_sample(sample_review: Path, tmp_path: Path) -> None:
    result = run_axe(sample_review, tmp_path)
    assert result["violations"] == [], json.dumps(result["violations"], indent=1)


@needs_chromium
@needs_axe
def test_axe_core_finds_no_wcag_violation_on_an_edition(edition_review: Path, tmp_path: Path) -> None:
    result = run_axe(edition_review, tmp_path)
    assert result["violations"] == [], json.dumps(result["violations"], indent=1)
