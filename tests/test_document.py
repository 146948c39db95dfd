"""Documents: offsets into the original file, line/column, sentences, views."""
from __future__ import annotations

from auditor.loaders import LoadError, decode, from_text

PAGE = """<!doctype html>
<html><head><title>Residue in title</title>
<script>var Kiev = "Source link";</script><style>p { color: red }</style></head>
<body>
<nav><a href="/">Home</a> | <a href="/share">Share this:</a></nav>
<header><h2>Site banner</h2></header>
<article>
  <h1>Strikes on Kiev&nbsp;overnight</h1>
  <p>Officials in <b>Kharkov</b> said the city&#8217;s grid
     held up &amp; repairs began.</p>
  <p>Source link</p>
</article>
<aside><p>Leave a Reply</p></aside>
<footer>&copy; 2026 News</footer>
</body></html>
"""


def test_html_keeps_only_article_text():
    doc = from_text("page.html", PAGE, "html")
    assert doc.text.split("\n") == [
        "Strikes on Kiev overnight",
        "Officials in Kharkov said the city’s grid held up & repairs began.",
        "Source link",
    ]


def test_html_offsets_point_into_the_original():
    doc = from_text("page.html", PAGE, "html")
    for word in ("Kiev", "Kharkov", "Source link", "repairs"):
        i = doc.text.index(word)
        span = doc.span(i, i + len(word))
        assert PAGE[span.start:span.end] == word
        line = PAGE[: span.start].count("\n") + 1
        col = span.start - (PAGE.rfind("\n", 0, span.start) + 1) + 1
        assert (span.begin.line, span.begin.column) == (line, col)


def test_html_entities_map_to_their_reference():
    doc = from_text("page.html", PAGE, "html")
    i = doc.text.index("’")
    s, e = doc.to_source(i, i + 1)
    assert PAGE[s:e] == "&#8217;"
    i = doc.text.index("&")
    s, e = doc.to_source(i, i + 1)
    assert PAGE[s:e] == "&amp;"


def test_html_without_article_uses_the_body_and_skips_chrome():
    page = "<html><body><nav>Menu</nav><p>First paragraph.</p><div>Second one.</div><footer>x</footer></body></html>"
    doc = from_text("p.html", page, "html")
    assert doc.text == "First paragraph.\nSecond one."


def test_html_comments_are_collected():
    page = "<p>a</p><!-- auditor: disable=AUD301 --><p>b</p>"
    doc = from_text("p.html", page, "html")
    (c,) = doc.comments
    assert page[c.start:c.end] == "<!-- auditor: disable=AUD301 -->"


def test_markdown_masks_markup_but_keeps_offsets():
    src = "# Talks in **Kiev**\n\nSee [the statement](https://example.org/kiev) and `code`.\n"
    doc = from_text("a.md", src, "md")
    assert len(doc.text) == len(src)
    assert "**" not in doc.text and "https" not in doc.text and "code" not in doc.text
    i = doc.text.index("Kiev")
    assert src[i:i + 4] == "Kiev"
    assert "the statement" in doc.text


def test_markdown_sentences_join_wrapped_lines():
    src = "# Heading\n\nA sentence that wraps\nonto a second line. Another one.\n\n- item one\n- item two\n"
    doc = from_text("a.md", src, "md")
    sents = [doc.text[s:e] for s, e in doc.sentences]
    assert "A sentence that wraps\nonto a second line." in sents
    assert "Another one." in sents
    assert "item one" in sents and "item two" in sents
    assert "Heading" in sents


def test_positions_are_one_based_and_handle_crlf():
    src = "first line\r\nsecond Kiev line\r\n"
    doc = from_text("a.txt", src)
    i = src.index("Kiev")
    span = doc.span(i, i + 4)
    assert (span.begin.line, span.begin.column) == (2, 8)
    assert (span.finish.line, span.finish.column) == (2, 12)


def test_sentences_respect_abbreviations_and_initials():
    doc = from_text("a.txt", "Gen. Syrskyi met U.S. officials. J. Smith said no. Talks resume Monday.")
    sents = [doc.text[s:e] for s, e in doc.sentences]
    assert sents == ["Gen. Syrskyi met U.S. officials.", "J. Smith said no.", "Talks resume Monday."]


def test_normalized_view_has_same_length():
    src = "“Kyiv’s\u00a0mayor” — said"
    doc = from_text("a.txt", src)
    assert len(doc.normalized) == len(src)
    assert doc.normalized == "\"Kyiv's mayor\" - said"


def test_quotes_are_found():
    doc = from_text("a.txt", "He said “we hold Kiev” and left Kiev.")
    first = doc.text.index("Kiev")
    second = doc.text.rindex("Kiev")
    assert doc.in_quote(first, first + 4)
    assert not doc.in_quote(second, second + 4)


def test_decode_errors_are_clear():
    import pytest

    with pytest.raises(LoadError) as e:
        decode("x.txt", "café".encode("latin-1"))
    assert e.value.kind == "encoding" and "0xe9" in e.value.detail and "cp1252" in e.value.detail
    with pytest.raises(LoadError) as e:
        decode("x.bin", b"\x00\x01\x02abc")
    assert e.value.kind == "binary"


def test_a_pickled_document_leaves_its_derived_views_behind():
    """Pool workers send documents to the main process pickled: the views derived
    from the text stay behind and come back on demand; `normalized` and the line
    starts go along."""
    import pickle

    doc = from_text("a.html", "<p>Officials in “Kiev” said so.</p>\n<p>Mr. Smith left. Then rain.</p>", "html")
    views = doc.tokens, doc.sentences, doc.lines, doc.quoted, doc.normalized, doc.span(3, 9)
    back = pickle.loads(pickle.dumps(doc))
    assert {"tokens", "sentences", "lines", "quoted"}.isdisjoint(back.__dict__)
    assert back.__dict__["normalized"] == doc.normalized and back.__dict__["_line_starts"] == doc._line_starts
    assert (back.tokens, back.sentences, back.lines, back.quoted, back.normalized, back.span(3, 9)) == views
    assert (back.source, back.text, back.path, back.format) == (doc.source, doc.text, doc.path, doc.format)
