"""The HTML report (auditor/formats/html.py): a snapshot, escaping, overlapping
findings, HTML articles, Report.sources, and the page in a real headless browser.

The snapshot is tests/snapshots/html.html, built from the same fixture folder
and report as tests/test_formats.py; regenerate it with

    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_html_report.py

The browser test drives Debian's Chromium (/usr/bin/chromium) with Playwright
(the `test` extra; no `playwright install`); it skips, saying why, when either
is missing. It leaves a screenshot in tests/artifacts/html-report.png.
"""
from __future__ import annotations

import dataclasses
import json
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
import test_formats as formats_tests

from auditor.cli import main
from auditor.config import Config
from auditor.finding import Finding, Position, Severity, Suggestion
from auditor.formats import Context, render
from auditor.pipeline import FileProblem, Report, run
from auditor.rules import RULES

HERE = Path(__file__).resolve().parent
BROWSER_FIXTURES = HERE / "fixtures" / "html_report"
ARTIFACTS = HERE / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BREAK = re.compile(r"\r\n|\r|\n")

# the fixtures of tests/test_formats.py: tmp_path/articles (two articles and a binary file), cwd tmp_path
workdir = formats_tests.workdir
TXT, MD, BROKEN = formats_tests.TXT, formats_tests.MD, formats_tests.BROKEN


# ---- helpers ------------------------------------------------------------------
class Page(HTMLParser):
    """Reads a rendered report as a browser would: checks that every element is
    closed in order and no <mark> sits inside another, and collects each
    article's shown lines, the marks (finding ids, text) and the list items."""

    VOID = frozenset("meta link input br img hr".split())

    def __init__(self, out: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.problems: list[str] = []
        self.lines: dict[str, list[str]] = {}  # article data-path -> lines of its shown text
        self.marks: list[dict] = []  # {"path", "ids", "text", "class"}
        self.items: dict[str, dict] = {}  # li id -> attributes
        self.scripts = 0
        self._article: str | None = None
        self._line: list[str] | None = None
        self._mark: dict | None = None
        self.feed(out)
        self.close()
        if self.stack:
            self.problems.append(f"unclosed: {[t for t, _ in self.stack]}")

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "script":
            self.scripts += 1
        if tag == "section" and "article" in classes:
            self._article = a["data-path"]
            self.lines[self._article] = []
        if tag == "div" and "ln" in classes:
            self._line = []
        if tag == "mark":
            if self._mark is not None:
                self.problems.append("a <mark> inside a <mark>")
            self._mark = {"path": self._article, "ids": a["data-f"].split(), "text": "", "class": classes,
                          "title": a.get("title", "")}
        if tag == "li" and "finding" in classes:
            self.items[a["id"]] = a
        if tag not in self.VOID:
            self.stack.append((tag, a))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else 'nothing'}")
            return
        self.stack.pop()
        if tag == "mark":
            self.marks.append(self._mark)
            self._mark = None
        elif tag == "div" and self._line is not None and not any(t == "div" and "ln" in (x.get("class") or "")
                                                                   for t, x in self.stack):
            self.lines[self._article].append("".join(self._line))
            self._line = None
        elif tag == "section":
            self._article = None

    def handle_data(self, data):
        if self._line is not None:
            self._line.append(data)
        if self._mark is not None:
            self._mark["text"] += data

    def marked(self, fid: str) -> str:
        """The text of a finding's marks, in order (line breaks are not shown)."""
        return "".join(m["text"] for m in self.marks if fid in m["ids"])


def shown_lines(source: str) -> list[str]:
    """The lines an article's text is shown as: a final line break ends the last line."""
    lines = BREAK.split(source)
    return lines[:-1] if len(lines) > 1 and lines[-1] == "" else lines


KYIV = (Suggestion("Kyiv", 0.95),)


def finding(path: str, source: str, start: int, end: int, code: str = "AUD301", message: str = "a message",
            suggestions=KYIV, evidence=(), severity: Severity | None = None) -> Finding:
    def pos(offset: int) -> Position:
        before = source[:offset]
        return Position(before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1)

    rule = RULES[code]
    return Finding(code=code, kind=rule.kind, severity=severity or rule.severity, path=path, start=start, end=end,
                   begin=pos(start), finish=pos(end), text=source[start:end], message=message,
                   suggestions=tuple(suggestions), evidence=tuple(evidence))


def report_of(sources: dict[str, str], findings: list[Finding], **kw) -> Report:
    findings = sorted(findings, key=Finding.sort_key)
    return Report(findings, sorted(sources), sources=sources, **kw)


# ---- fixtures -------------------------------------------------------------------
@pytest.fixture
def html_report(workdir) -> Report:
    """The test_formats report, with the articles' text kept and fixed versions."""
    rep = run(["articles"], Config(workers=1), progress=False, keep_sources=True)
    return dataclasses.replace(rep, versions=json.loads(json.dumps(formats_tests.FIXED_VERSIONS)))


# ---- snapshot and the CLI ---------------------------------------------------------
def test_snapshot(html_report, workdir, monkeypatch):
    out = render("html", html_report, Context())
    assert str(workdir) not in out  # paths are relative to the cwd
    monkeypatch.setitem(formats_tests.SNAPSHOT_FILES, "html", "html.html")
    formats_tests.assert_snapshot("html", out)


def test_cli_writes_the_html_report(workdir):
    out = workdir / "report.html"
    code = main(["check", "articles", "--format", "html", "--workers", "1", "--no-progress", "-o", str(out)])
    assert code == 1  # error-level findings and a file not audited
    again = run(["articles"], Config(workers=1), progress=False, keep_sources=True)
    # deterministic: another run (other timings) renders the same bytes
    assert out.read_bytes().decode("utf-8") == render("html", again)


def test_report_lists_everything(html_report):
    out = render("html", html_report)
    page = Page(out)
    assert page.problems == []
    assert page.scripts == 1
    assert len(page.items) == len(html_report.findings) == 5
    for n, f in enumerate(html_report.findings, 1):
        item = page.items[f"f{n}"]
        assert (item["data-kind"], item["data-severity"]) == (f.kind, f.severity.value)
        assert page.marked(f"f{n}") == f.text
        assert f.message in item["data-tip"]
    # every article's text is shown whole, line by line
    for path in html_report.files:
        assert page.lines[path] == shown_lines(html_report.sources[path])
    # summary, problems and unused suppressions
    assert '<div class="card card-total" data-key="total"><span class="num">5</span>' in out
    assert '<tr data-kind="untranslated"><td>untranslated</td><td class="n count">2</td>' in out
    assert f'<tr data-path="{TXT}"><td class="path"><a href="#a2">{TXT}</a></td><td class="n count">4</td>' in out
    assert f'<section id="problems"><h2>Not audited (1)</h2><ul><li><span class="path">{BROKEN}</span>' in out
    assert "contains NUL bytes; not a text file" in out
    assert f'<span class="path">{MD}:7:1</span> unused suppression <code>disable=AUD402</code>' in out
    # the mojibake finding: suggestion and confidence in the note and in the tooltip
    n = next(i for i, f in enumerate(html_report.findings, 1) if f.code == "AUD404")
    assert "→ ’ (" in page.items[f"f{n}"]["data-tip"]


def test_notes_are_listed():
    rep = report_of({"a.txt": "Kiev.\n"}, [finding("a.txt", "Kiev.\n", 0, 4)],
                    notes=["calques: the sense model was not loaded <fallback>"])
    out = render("html", rep)
    assert '<li class="note">calques: the sense model was not loaded &lt;fallback&gt;</li>' in out


# ---- Report.sources -------------------------------------------------------------------
def test_sources_only_when_asked(workdir):
    assert run(["articles"], Config(workers=1), progress=False).sources == {}
    rep = run(["articles"], Config(workers=1), progress=False, keep_sources=True)
    assert sorted(rep.sources) == rep.files == [MD, TXT]  # not the file that was not audited
    for path, text in rep.sources.items():
        assert text == formats_tests.source(path)


def test_sources_come_back_from_worker_processes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for i in range(8):
        (tmp_path / f"a{i}.txt").write_text(f"Officials in Kiev said {i}.\r\n", encoding="utf-8")
    rep = run(["."], Config(workers=2), progress=False, keep_sources=True)
    assert rep.sources == {f"a{i}.txt": f"Officials in Kiev said {i}.\r\n" for i in range(8)}
    assert run(["."], Config(workers=2), progress=False).sources == {}


def test_without_sources_the_findings_are_still_listed(html_report):
    rep = dataclasses.replace(html_report, sources={})
    page = Page(render("html", rep))
    assert page.problems == [] and page.marks == []
    assert len(page.items) == len(rep.findings)
    assert "The article text was not kept for this report" in render("html", rep)


# ---- escaping ---------------------------------------------------------------------------
HOSTILE = ('Kiev <script>alert("x")</script> & <img src=x onerror="alert(1)"> &amp; '
           '</mark></div></pre><!-- \x00 -->\n')


def test_everything_is_escaped():
    path = 'news/"quoted" <b>&.txt'
    start = HOSTILE.index("<script>")
    f = finding(path, HOSTILE, start, start + len('<script>alert("x")</script>'),
                message='<img src=x onerror="alert(2)"> & "quotes"',
                suggestions=[Suggestion('</q><script>alert(3)</script>', 0.5)],
                evidence=['<svg onload="alert(4)">'])
    rep = report_of({path: HOSTILE}, [f, finding(path, HOSTILE, 0, 4)],
                    problems=[FileProblem("<x>.txt", "binary", "<script>alert(5)</script>")],
                    notes=["<script>alert(6)</script>"])
    out = render("html", rep)
    assert out.count("<script") == 1  # the report's own
    assert "<img" not in out and "<svg onload" not in out and "<b>&.txt" not in out
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in out
    assert "&amp;amp;" in out  # the article's own "&amp;" is shown as written
    assert 'data-path="news/&quot;quoted&quot; &lt;b&gt;&amp;.txt"' in out
    assert "\x00" not in out and "\u2400" in out  # a NUL is shown as its control picture
    page = Page(out)
    assert page.problems == []
    assert page.lines[path] == shown_lines(HOSTILE.replace("\x00", "\u2400"))  # shown as text, exactly
    assert page.marked("f2") == '<script>alert("x")</script>'
    assert '<img src=x onerror="alert(2)"> & "quotes"' in page.items["f2"]["data-tip"]


def test_content_security_policy_allows_only_the_reports_own_style_and_script():
    out = render("html", report_of({"a.txt": HOSTILE}, []))
    (csp,) = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', out)
    assert csp.startswith("default-src 'none'; style-src 'sha256-")
    assert "unsafe-inline" not in csp and "http" not in csp
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", out)  # nothing fetched
    assert "@import" not in out and "url(" not in out


# ---- overlapping findings ---------------------------------------------------------------------
OVERLAP = "The governor of Kharkov region said\nthe talks in Kiev would resume.\n"


def test_overlapping_findings_all_render():
    s = OVERLAP
    k = s.index("Kharkov")
    fs = [
        finding("a.txt", s, s.index("governor"), k + len("Kharkov"), code="AUD101", severity=Severity.INFO),
        finding("a.txt", s, k, k + len("Kharkov region"), code="AUD301"),  # crosses the one before
        finding("a.txt", s, k, k + len("Kharkov"), code="AUD402"),  # inside both
        finding("a.txt", s, k, k + len("Kharkov"), code="AUD404"),  # same span, another code
        finding("a.txt", s, s.index("said"), s.index("talks"), code="AUD401", suggestions=[Suggestion("", 0.9)]),
        finding("a.txt", s, s.index("Kiev"), s.index("Kiev"), code="AUD102"),  # zero width
    ]
    rep = report_of({"a.txt": s}, fs)
    out = render("html", rep)
    page = Page(out)
    assert page.problems == []  # well nested, no mark inside a mark
    assert len(page.items) == 6  # nothing dropped from the list
    assert page.lines["a.txt"] == shown_lines(s) == s.rstrip("\n").split("\n")
    ids = {f.code: f"f{n}" for n, f in enumerate(rep.findings, 1)}
    for f in rep.findings:
        fid = ids[f.code]
        assert any(fid in m["ids"] for m in page.marks), f.code  # every finding is highlighted
        assert page.marked(fid) == f.text.replace("\n", "")
    kharkov = [m for m in page.marks if m["text"] == "Kharkov"]
    assert len(kharkov) == 1
    assert set(kharkov[0]["ids"]) == {ids["AUD101"], ids["AUD301"], ids["AUD402"], ids["AUD404"]}
    assert "sev-error" in kharkov[0]["class"] and "multi" in kharkov[0]["class"]  # the most severe colours it
    assert kharkov[0]["title"].count("\n\n") == 3  # all four in the tooltip
    # the span that runs over a line break marks the break; the zero-width one is a caret
    assert any("eol" in m["class"] and m["ids"] == [ids["AUD401"]] for m in page.marks)
    (caret,) = [m for m in page.marks if ids["AUD102"] in m["ids"]]
    assert "point" in caret["class"] and caret["text"] == ""
    assert '<span class="del">delete the text</span>' in out


@pytest.mark.parametrize("source", ["Kiev\r\nB\rC\n", "Kiev\r\nB\rC", "", "\n\n"])
def test_line_endings_and_edges(source):
    end = len(source)
    fs = [finding("a.txt", source, 0, 0, code="AUD102"), finding("a.txt", source, end, end, code="AUD404")]
    if source.startswith("Kiev"):
        fs += [finding("a.txt", source, 0, 4), finding("a.txt", source, 2, 7, code="AUD402")]  # over "\r\n"
    rep = report_of({"a.txt": source}, fs)
    page = Page(render("html", rep))
    assert page.problems == []
    assert page.lines["a.txt"] == shown_lines(source)
    for n, f in enumerate(rep.findings, 1):
        assert any(f"f{n}" in m["ids"] for m in page.marks), f
        assert page.marked(f"f{n}") == BREAK.sub("", f.text)


# ---- HTML articles ----------------------------------------------------------------------------
ARTICLE = ("<html><head><title>T</title><script>var x = 1;</script></head><body><article>\n"
           "<h1>Shelling &amp; power cuts</h1>\n<p>In the Kharkov region the night passed calmly.</p>\n"
           "<p>It was &#8220;quiet&#8221; &lt;really&gt;.</p>\n</article></body></html>\n")


def test_html_article_shows_its_extracted_text():
    k = ARTICLE.index("Kharkov")
    q = ARTICLE.index("&#8220;quiet")
    fs = [finding("p.html", ARTICLE, k, k + 7), finding("p.html", ARTICLE, q, ARTICLE.index("&lt;really"))]
    page = Page(render("html", report_of({"p.html": ARTICLE}, fs)))
    assert page.problems == []
    assert page.lines["p.html"] == ["Shelling & power cuts", "In the Kharkov region the night passed calmly.",
                                    "It was “quiet” <really>."]
    assert page.marked("f1") == "Kharkov"
    assert page.marked("f2") == "“quiet” "  # the text the source span stands for


def test_html_article_falls_back_to_its_source_when_a_finding_does_not_map():
    at = ARTICLE.index("<h1>")
    fs = [finding("p.html", ARTICLE, at, at + 4)]  # a span inside markup
    out = render("html", report_of({"p.html": ARTICLE}, fs))
    page = Page(out)
    assert page.problems == []
    assert "its HTML source is shown as text" in out
    assert page.lines["p.html"] == shown_lines(ARTICLE)
    assert page.marked("f1") == "<h1>"


# ---- in a real browser --------------------------------------------------------------------------
def test_report_in_a_headless_browser(tmp_path, monkeypatch):
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium (.ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: "
                                   "pip install -e '.[test]'")
    shutil.copytree(BROWSER_FIXTURES, tmp_path / "news")
    (tmp_path / "news" / "broken.txt").write_bytes(formats_tests.BINARY)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "report.html"
    assert main(["check", "news", "--format", "html", "-o", str(out), "--workers", "1", "--no-progress"]) == 1
    report = run(["news"], Config(workers=1), progress=False)
    kinds = {f"f{n}": f.kind for n, f in enumerate(report.findings, 1)}
    by_kind = Counter(kinds.values())
    assert by_kind == {"style": 5, "untranslated": 3, "boilerplate": 3}  # guards the fixture itself
    total = len(report.findings)

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            errors: list[str] = []
            requests: list[str] = []
            page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(out.as_uri())
            page.wait_for_load_state("load")

            # nothing from the articles ran; their markup is shown as text
            assert page.evaluate("typeof window.__pwned") == "undefined"
            txt = page.locator('section.article[data-path="news/drone-attack.txt"] .text').inner_text()
            assert "<script>window.__pwned = 1</script>" in txt
            assert '<img src=x onerror="window.__pwned = 2">' in txt
            html_text = page.locator('section.article[data-path="news/border-shelling.html"] .text').inner_text()
            assert "<script>window.__pwned = 4</script>" in html_text
            assert "window.__pwned = 3" not in html_text  # the page's own script is not article text

            # the summary
            def num(key: str) -> int:
                return int(page.locator(f".card-{key} .num").inner_text())

            counts = report.counts()
            assert (num("total"), num("error"), num("warning"), num("info")) == (
                total, counts["error"], counts["warning"], counts["info"])
            assert (num("files"), num("problems")) == (3, 1)
            for kind, n in by_kind.items():
                assert int(page.locator(f'#by-kind tr[data-kind="{kind}"] .count').inner_text()) == n
            for path in report.files:
                n = sum(f.path == path for f in report.findings)
                assert int(page.locator(f'#by-file tr[data-path="{path}"] .count').inner_text()) == n
            assert "news/broken.txt" in page.locator("#problems").inner_text()
            assert page.locator("#shown").inner_text() == f"{total} of {total} findings shown"
            assert page.locator("li.finding").count() == total

            # a kind filter hides that kind's list items and highlights, and nothing else
            def marks() -> list[dict]:
                return page.evaluate("""() => Array.from(document.querySelectorAll("mark.hl")).map(m => ({
                    ids: m.dataset.f.split(" "), off: m.classList.contains("off"),
                    bg: getComputedStyle(m).backgroundColor}))""")

            assert not any(m["off"] for m in marks())
            page.locator('#filters input[data-filter="kind"][value="boilerplate"]').uncheck()
            hidden = by_kind["boilerplate"]
            assert page.locator("#shown").inner_text() == f"{total - hidden} of {total} findings shown"
            for fid, kind in kinds.items():
                assert page.locator(f"li#{fid}").is_visible() == (kind != "boilerplate"), fid
            ms = marks()
            assert {m["off"] for m in ms} == {True, False}
            for m in ms:
                all_boilerplate = all(kinds[i] == "boilerplate" for i in m["ids"])
                assert m["off"] == all_boilerplate, m
                assert (m["bg"] == "rgba(0, 0, 0, 0)") == all_boilerplate, m
            # a severity filter on top, then both back
            page.locator('#filters input[data-filter="severity"][value="warning"]').uncheck()
            warnings = {f"f{n}" for n, f in enumerate(report.findings, 1) if f.severity.value == "warning"}
            for fid, kind in kinds.items():
                assert page.locator(f"li#{fid}").is_visible() == (kind != "boilerplate" and fid not in warnings)
            page.locator('#filters input[data-filter="severity"][value="warning"]').check()
            page.locator('#filters input[data-filter="kind"][value="boilerplate"]').check()
            assert not any(m["off"] for m in marks())
            assert page.locator("#shown").inner_text() == f"{total} of {total} findings shown"

            # clicking a highlight opens its note: message, suggestion and confidence
            n, kiev = next((n, f) for n, f in enumerate(report.findings, 1) if f.text == "Kiev")
            mark = page.locator("mark.hl", has_text="Kiev").first
            assert mark.get_attribute("data-f") == f"f{n}"
            assert "→ Kyiv" in mark.get_attribute("title")  # on hover
            note = page.locator(f"li#f{n} .suggestions")
            assert not note.is_visible()
            mark.click()
            assert note.is_visible()
            assert note.inner_text().startswith("Kyiv")
            assert f"{round(kiev.top.confidence * 100)}% confidence" in note.inner_text()
            assert kiev.message in page.locator(f"li#f{n} .message").inner_text()
            assert "active" in page.locator(f"li#f{n}").get_attribute("class")

            page.evaluate("window.scrollTo(0, 0)")
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "html-report.png"), full_page=True)
            assert errors == []
            assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
        finally:
            browser.close()
    assert (ARTIFACTS / "html-report.png").stat().st_size > 10_000
