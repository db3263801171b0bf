"""Reports as a student and an instructor read them: no LaTeX as text, links that lead somewhere, the student page's
order (summary, answer, understood, feedback, expected), the class page's "needs attention" first and overrides
that load; then the same pages in Debian's Chromium at 390 and 1280 px, with axe-core for accessibility.

The facts checked come from results.json (the grader's verdicts, asserted by their own tests), never from the
pages themselves: a page is right when it shows what the results say.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mathgrade.cli import main
from mathgrade.grade.overrides import load_overrides
from mathgrade.report.views import feedback_html
from mathgrade.spec import load_spec

ROOT = Path(__file__).resolve().parents[1]
K2 = ROOT / "problems" / "k2.yaml"
# Sheets and worked solutions with every status, follow-through, hand grading, unreadable LaTeX, review flags,
# unknown part ids and matrices with wrong entries: enough variety, a third of the sample class's grading time.
SAMPLE = ["s04-alan-mistakes.yaml", "s05-kurt-blanks.yaml", "s06-bob-garbage.yaml", "s07-sofia-follow-through.json",
          "s15-lukas-mistakes.yaml", "s17-daniel-garbage.yaml", "s20-nadia-derivation.yaml",
          "s21-olivia-latex-mistakes.yaml", "k2-submission-pallav-kumar.md", "k2-doc-latex-enumerate.tex",
          "k2-doc-circled.md", "k2-doc-out-of-order.md"]
LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")
# Where a page shows text exactly as it was typed (so a student can find a typo), marked class="verbatim":
# the folded source lines, an answer that could not be rendered, LaTeX quoted in an error message, and the
# overrides.yaml entries an instructor copies.
VERBATIM_PLACES = {("pre", "snippet"), ("pre", "raw"), ("code", "quote"), ("pre", "")}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("sample")
    for name in SAMPLE:
        shutil.copy(ROOT / "submissions" / name, src / name)
    out = tmp_path_factory.mktemp("reports")
    assert main(["grade", str(K2), str(src), "--out", str(out), "--quiet", "--jobs", "1"]) == 0
    return out


@pytest.fixture(scope="module")
def results(reports: Path) -> dict:
    return json.loads((reports / "results.json").read_text(encoding="utf-8"))


def pages(reports: Path) -> list[Path]:
    return sorted(reports.glob("*.html"))


class _Page(HTMLParser):
    """Text outside <style>, <script> and verbatim elements; ids; links; verbatim elements' (tag, class)."""

    VOID = {"meta", "br", "img", "input", "link", "mspace", "rect", "line", "none"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.text: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.verbatim: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        if tag in self.VOID:
            return
        classes = (a.get("class") or "").split()
        if "verbatim" in classes:
            self.verbatim.append((tag, next((c for c in classes if c in ("snippet", "raw", "quote")), "")))
        self.stack.append((tag, "verbatim" in classes or tag in ("style", "script")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if not any(hidden for _, hidden in self.stack):
            self.text.append(data)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_no_page_shows_a_latex_command_as_text(reports: Path) -> None:
    seen = 0
    for path in pages(reports):
        page = parse(path)
        text = " ".join(page.text)
        assert not LATEX_COMMAND.findall(text), (path.name, LATEX_COMMAND.findall(text)[:5])
        assert set(page.verbatim) <= VERBATIM_PLACES, (path.name, set(page.verbatim))
        html = path.read_text(encoding="utf-8")
        seen += html.count("<math")
        assert "<menclose" not in html  # Chromium draws no box for it: wrong entries are marked by CSS
        assert "<code>\\" not in html  # the old fallback: LaTeX in <code>
    assert seen > 200  # the pages do have mathematics, and it is MathML


def test_every_link_leads_somewhere(reports: Path) -> None:
    ids = {path.name: parse(path).ids for path in pages(reports)}
    checked = 0
    for path in pages(reports):
        for href in parse(path).links:
            target, _, fragment = href.partition("#")
            name = target or path.name
            assert name in ids, (path.name, href)
            assert not fragment or fragment in ids[name], (path.name, href)
            checked += 1
    assert checked > 500


def _student(results: dict, sid: str) -> dict:
    return next(s for s in results["students"] if s["id"] == sid)


def test_student_page_order_and_pending_points(reports: Path, results: dict) -> None:
    waiting = [s for s in results["students"] if any(p["status"] == "manual" for p in s["parts"])]
    assert len(waiting) >= 3  # 7b is graded by hand in this spec
    for s in waiting:
        html = (reports / f"{s['id']}.html").read_text(encoding="utf-8")
        # summary before the first part, with a link to every part
        assert html.index('id="summary-h"') < html.index('id="part-')
        for p in s["parts"]:
            assert f'href="#part-{p["id"]}"' in html
        pending = sum(p["max"] for p in s["parts"] if p["status"] == "manual")
        points = "point" if pending == 1 else "points"
        assert f"/ {s['max'] - pending:g}, and {pending:g} {points} still to be graded by hand" in html
        for p in s["parts"]:
            if p["status"] == "manual":
                article = html[html.index(f'id="part-{p["id"]}"'):]
                article = article[:article.index("</article>")]
                assert "points to be graded by hand" in article and "0 / " not in article


def test_wrong_entries_are_marked_without_colour(reports: Path, results: dict) -> None:
    html = (reports / "s04.html").read_text(encoding="utf-8")
    part = html[html.index('id="part-4d"'):]
    part = part[:part.index("</article>")]
    # s04 wrote [[1/√2, -1/√2], [1/√2, 1/√2]] for V⁻¹ = [[√2/2, √2/2], [-√2/2, √2/2]]: by hand, entries (1, 2)
    # and (2, 1) are wrong, and each is a marked cell
    assert _student(results, "s04")["parts"][13]["id"] == "4d"
    assert part.count('<mtd class="wrong">') == 2 and "A dashed box marks each wrong entry" in part


def test_understood_as_only_where_it_differs(reports: Path, results: dict) -> None:
    html = (reports / "s04.html").read_text(encoding="utf-8")
    by_id = {p["id"]: p for p in _student(results, "s04")["parts"]}
    for pid, p in by_id.items():
        article = html[html.index(f'id="part-{pid}"'):]
        article = article[:article.index("</article>")]
        same = p["answer"] is not None and p["interpreted_as"] is not None and \
            re.sub(r"[\s*]", "", p["answer"]) == re.sub(r"[\s*]", "", p["interpreted_as"])
        if same:
            assert "Understood as" not in article, pid


def test_follow_through_shows_the_carried_and_the_true_answer(reports: Path, results: dict) -> None:
    s = _student(results, "s07")
    carried = [p for p in s["parts"] if "follow_through" in p.get("diagnosis", [])]
    assert carried, "s07 earns follow-through credit in this spec"
    html = (reports / "s07.html").read_text(encoding="utf-8")
    for p in carried:
        article = html[html.index(f'id="part-{p["id"]}"'):]
        article = article[:article.index("</article>")]
        assert "carried into this part" in article and "The right answer, without the carried error" in article


def test_student_pages_hold_no_instructor_notes(reports: Path, results: dict) -> None:
    flagged = [(s["id"], p["source"]["review"]) for s in results["students"] for p in s["parts"]
               if p.get("source", {}).get("review")]
    assert flagged, "the worked solutions in SAMPLE have parts the reader was unsure about"
    for sid, note in flagged:
        html = (reports / f"{sid}.html").read_text(encoding="utf-8")
        assert "Flagged for your instructor" not in html
        assert note not in html
    index = (reports / "index.html").read_text(encoding="utf-8")
    # (the class page shows each note as feedback is shown: escaped, its math as MathML, "\\sum_k e^{z_k}" included)
    assert all(str(feedback_html(note)) in index for _, note in flagged)


def test_class_page_needs_attention_first_and_counts(reports: Path, results: dict) -> None:
    html = (reports / "index.html").read_text(encoding="utf-8")
    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", html)
    assert headings[0] == "Needs attention"
    manual = sum(p["status"] == "manual" for s in results["students"] for p in s["parts"])
    invalid = sum(p["status"] == "invalid" for s in results["students"] for p in s["parts"])
    assert f"Answers waiting to be graded by hand ({manual})" in html
    assert f"Answers that could not be read ({invalid})" in html
    grid = html[html.index('class="sortable grid"'):]
    grid = grid[:grid.index("</table>")]
    assert grid.count('<th scope="row"') == len(results["students"])
    parts = len(results["students"][0]["parts"])
    assert grid.count('<td class="cell') == parts * len(results["students"])
    assert "<caption>" in html and 'scope="col"' in html


def test_every_override_entry_on_the_class_page_loads(reports: Path, tmp_path: Path) -> None:
    html = (reports / "index.html").read_text(encoding="utf-8")
    entries = re.findall(r'<details class="override">.*?<code>(.*?)</code>', html, re.S)
    assert len(entries) == html.count('class="group"') > 20
    import html as htmllib

    text = "overrides:\n" + "".join(htmllib.unescape(e) for e in entries).replace("<why; students see this>",
                                                                                  "checked by hand")
    (tmp_path / "overrides.yaml").write_text(text, encoding="utf-8")
    loaded = load_overrides(tmp_path / "overrides.yaml", load_spec(K2))
    assert len(loaded) >= len(entries)
    assert {o.action for o in loaded} <= {"accept", "reject"}


# ---- in the browser ------------------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None  # type: ignore[assignment]

needs_browser = pytest.mark.skipif(CHROMIUM is None or sync_playwright is None,
                                   reason="no Chromium (or no playwright) here: browser tests skipped")
# s17: unreadable answers with the spot marked; s21: a diagnosis that names a term (a formula in the feedback)
PAGES = ["index.html", "s04.html", "s07.html", "s17.html", "s21.html", "pallav-kumar.html"]
WIDTHS = [390, 1280]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: $MATHGRADE_ARTIFACTS/report-screenshots when set (CI keeps that folder), else a
    folder under pytest's tmp (printed with -s)."""
    kept = os.environ.get("MATHGRADE_ARTIFACTS")
    if kept:
        out = Path(kept) / "report-screenshots"
        out.mkdir(parents=True, exist_ok=True)
    else:
        out = tmp_path_factory.mktemp("screenshots")
    print(f"\nreport screenshots: {out}")
    return out


_MEASURE = """() => {
  document.querySelectorAll('details').forEach(d => d.open = true);
  const maths = [...document.querySelectorAll('math')];
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll('.verbatim, script, style').forEach(e => e.remove());
  const wrong = [...document.querySelectorAll('mtd.wrong')].map(e => getComputedStyle(e).borderTopStyle);
  const spots = [...document.querySelectorAll('code.spot mark')].map(e => getComputedStyle(e).outlineStyle);
  return {
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    maths: maths.length,
    notMathml: maths.filter(m => m.namespaceURI !== 'http://www.w3.org/1998/Math/MathML').length,
    notLaidOut: maths.filter(m => !getComputedStyle(m).display.includes('math')).length,
    empty: maths.filter(m => { const r = m.getBoundingClientRect(); return r.width === 0 || r.height === 0; }).length,
    text: clone.textContent,
    wrong,
    spots,
  };
}"""


@needs_browser
@pytest.mark.parametrize("width", WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def test_pages_in_chromium(reports: Path, browser, artifacts: Path, width: int) -> None:
    for name in PAGES:
        page = browser.new_page(viewport={"width": width, "height": 900})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto((reports / name).as_uri())
        m = page.evaluate(_MEASURE)
        assert m["overflow"] <= 0, (name, width, m["overflow"])  # no sideways scrolling of the page
        assert m["maths"] > 0 and m["notMathml"] == m["notLaidOut"] == m["empty"] == 0, (name, m)
        assert not LATEX_COMMAND.findall(m["text"]), (name, LATEX_COMMAND.findall(m["text"])[:5])
        assert all(style == "dashed" for style in m["wrong"]), m["wrong"]
        assert all(style == "dashed" for style in m["spots"]), m["spots"]  # the spot is marked, not coloured only
        assert not errors, (name, errors)  # includes any CSP refusal
        # the first screen only: a full-page capture of a long page costs seconds each
        page.screenshot(path=str(artifacts / f"{name[:-5]}-{width}.png"))
        # and the parts whose feedback holds mathematics or a marked spot, as a student sees them
        parts = page.locator("article.part:has(dd.feedback math), article.part:has(dd.feedback mark)")
        for k in range(min(parts.count(), 2)):
            parts.nth(k).screenshot(path=str(artifacts / f"{name[:-5]}-{width}-feedback-{k + 1}.png"))
        page.close()


def _sort_by_total(browser, path: Path) -> tuple[str | None, list[str]]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(path.as_uri())
    page.click("table.grid th button[data-col='1']")
    state = page.get_attribute("table.grid thead th:nth-child(2)", "aria-sort")
    order = page.eval_on_selector_all("table.grid tbody th[scope=row]", "rows => rows.map(r => r.dataset.sort)")
    page.close()
    return state, order + refused


@needs_browser
def test_the_sorting_script_runs_only_with_its_hash(reports: Path, browser, tmp_path: Path) -> None:
    results = json.loads((reports / "results.json").read_text(encoding="utf-8"))
    state, order = _sort_by_total(browser, reports / "index.html")
    totals = {s["id"]: s["score"] for s in results["students"]}
    assert state == "ascending"
    assert [totals[sid] for sid in order] == sorted(totals.values())
    # The same page with one character of the script changed: the hash no longer matches, nothing runs.
    html = (reports / "index.html").read_text(encoding="utf-8").replace("a second press reverses",
                                                                         "a second press reverses!")
    tampered = tmp_path / "index.html"
    tampered.write_text(html, encoding="utf-8")
    state, rest = _sort_by_total(browser, tampered)
    assert state is None and any("Content Security Policy" in r for r in rest)


@needs_browser
@pytest.mark.parametrize("name", ["index.html", "pallav-kumar.html"])
def test_axe_finds_no_accessibility_violations(reports: Path, browser, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto((reports / name).as_uri())
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    # axe-core's rules include heading order, table headers and scopes, labels, landmarks and colour contrast
    found = Axe().run(page).response
    page.close()
    assert found["passes"], "axe ran no rule"
    assert [(v["id"], v["nodes"][0]["html"][:120]) for v in found["violations"]] == []
