"""The reviewer's HTML report, from hand-made findings: structure, highlights, escaping, grouping, CLI."""

import json
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest

from contradict.cli import main as cli_main
from contradict.context import sentence_context
from contradict.html_report import (GENERATOR, ReportError, is_report_file, load_findings, render_report,
                                    safe_url)
from contradict.report import write_jsonl
from contradict.schema import Verdict
from contradict.verdicts import VerdictLog

from .findings_fixtures import BOATS_000, make_findings


class Page(HTMLParser):
    """Every start tag with its attributes, and the text inside <mark> elements by class."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.marks: list[tuple[str, str]] = []
        self._open_marks: list[list] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "mark":
            self._open_marks.append([dict(attrs).get("class", ""), ""])

    def handle_endtag(self, tag):
        if tag == "mark" and self._open_marks:
            self.marks.append(tuple(self._open_marks.pop()))

    def handle_data(self, data):
        for mark in self._open_marks:
            mark[1] += data

    def findings(self):
        return [attrs for tag, attrs in self.tags if tag == "article" and "finding" in attrs.get("class", "")]


@pytest.fixture
def page():
    return render_report(make_findings(), source="flagged.jsonl")


def test_each_finding_has_two_sides_with_outlet_date_title_link_and_highlighted_sentence(page):
    parsed = Page(page)
    cards = parsed.findings()
    assert [c["data-type"] for c in cards] == ["contradiction", "numeric", "update"]  # by score
    assert [float(c["data-score"]) for c in cards] == [0.75, 0.49, 0.3]
    assert sum(1 for tag, a in parsed.tags if tag == "section" and "side" in a.get("class", "").split()) == 6
    assert ("hl fig", "at least three") in parsed.marks and ("hl fig", "at least four") in parsed.marks
    assert ("hl thing", "US military attacks") in parsed.marks
    assert ("hl cue", "not") in parsed.marks  # the denial in "has not yet approved"
    sentences = [text for cls, text in parsed.marks if cls == "sent"]
    assert "Trump has not yet approved the strikes, officials said." in sentences
    # the paragraph around the sentence, and not the next paragraph
    assert "The US has stepped up its campaign in the Caribbean. <mark class=\"sent\">In recent weeks" in page
    assert "A second paragraph" not in page
    assert '<a href="https://example.org/000" rel="noopener noreferrer" target="_blank">Strikes on boats</a>' in page
    assert "2025-09-26" in page and "date unknown" in page
    assert "newer report: outlet-002 (publication dates)" in page  # the update says which side is newer


def test_evidence_is_folded_with_each_judge_and_nli_both_ways(page):
    assert page.count('<details class="evidence">') == 3
    assert "<td>left-&gt;right</td><td>0.30</td><td>0.20</td><td>0.50</td>" in page
    assert "<td>right-&gt;left</td><td>0.10</td><td>0.30</td><td>0.60</td>" in page
    assert "<td>at least three</td><td>at least four</td>" in page


def test_filters_counts_keys_and_export_are_in_the_page(page):
    parsed = Page(page)
    types = [a["value"] for tag, a in parsed.tags if tag == "input" and a.get("name") == "type"]
    assert types == ["contradiction", "numeric", "update"]
    assert {a.get("id") for tag, a in parsed.tags} >= {"f-outlet", "f-score", "f-search", "f-status", "export",
                                                       "count", "reviewer"}
    outlets = [a["value"] for tag, a in parsed.tags if tag == "option" and a.get("value") and "outlet" in a["value"]]
    assert outlets == ["outlet-000", "outlet-001", "outlet-002"]
    assert "3 of 3 findings shown" in page
    for needle in ('ev.key === "j"', 'c: "confirmed", d: "dismissed"', "application/x-ndjson"):
        assert needle in page


def test_the_page_is_self_contained(page):
    parsed = Page(page)
    assert not [a for tag, a in parsed.tags if "src" in a], "nothing loaded from elsewhere"
    assert not [tag for tag, _ in parsed.tags if tag in ("link", "iframe", "object", "embed", "img")]
    hrefs = [a["href"] for tag, a in parsed.tags if "href" in a]
    assert hrefs == ["https://example.org/000", "https://example.org/000"]  # the article links only
    assert "@import" not in page and "url(" not in page
    assert f'<meta name="generator" content="{GENERATOR}">' in page and is_report_file("", page)


def test_every_value_from_an_article_is_escaped():
    page = render_report(make_findings(hostile=True), source="flagged.jsonl")
    parsed = Page(page)
    assert [tag for tag, _ in parsed.tags].count("script") == 1  # the page's own
    assert "<script>alert" not in page and "<img" not in page and "<b>town</b>" not in page
    assert "&lt;script&gt;alert(&#39;article&#39;)&lt;/script&gt;" in page  # shown as text, in the context
    assert "&lt;script&gt;alert(&#39;outlet&#39;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(&#39;title&#39;)&gt;" in page
    assert "&lt;b&gt;town&lt;/b&gt; &amp; nearby" in page
    assert not [(tag, k) for tag, a in parsed.tags for k in a if k.startswith("on")], "no event handler attribute"
    assert "javascript:" not in page  # not a link, not even as text
    assert 'href="http://example.org/a?b=1&amp;c=&lt;2&gt;"' in page  # a real link keeps its escaped query
    hostile = next(a for a in parsed.findings() if a["data-outlet-left"].startswith("<script>"))
    assert hostile["data-outlet-left"] == "<script>alert('outlet')</script>"  # the attribute round-trips as text


@pytest.mark.parametrize("url,kept", [("https://a.example/x", True), ("http://a.example", True),
                                      ("javascript:alert(1)", False), (" JavaScript:alert(1)", False),
                                      ("data:text/html,<b>", False), ("//evil.example", False), (None, False)])
def test_only_http_links_are_linked(url, kept):
    assert (safe_url(url) is not None) == kept


def test_grouped_by_story_when_findings_name_one(tmp_path):
    findings = make_findings()
    path = tmp_path / "flagged.jsonl"
    lines = [json.loads(f.model_dump_json()) for f in findings]
    lines[0]["story"] = "white-house-strikes-1a2b3c"  # a story's id, as a scan writes it
    lines[1]["story"] = "boat-strikes-venezuela-4d5e6f"
    lines[2]["story"] = "boat-strikes-venezuela-4d5e6f"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    page = render_report(load_findings(path), source=str(path))
    headings = [line.strip() for line in page.splitlines() if line.strip().startswith("<h2>")]
    assert headings == ['<h2>white-house-strikes-1a2b3c <span class="n group-count">1</span></h2>',
                        '<h2>boat-strikes-venezuela-4d5e6f <span class="n group-count">2</span></h2>']
    # without a story field anywhere: one group, no heading
    assert "<h2>" not in render_report(findings)


def test_a_disagreement_told_by_several_outlet_pairs_links_its_repeats_to_its_lead():
    findings = make_findings()
    lead, repeat = findings[0], findings[1].model_copy(update={"same_as": findings[0].id})
    page = Page(render_report([lead, repeat, *findings[2:]]))
    links = [attrs["href"] for tag, attrs in page.tags if tag == "a" and attrs.get("href", "").startswith("#f-")]
    assert links == [f"#f-{repeat.id}", f"#f-{lead.id}"]  # the lead names its repeat, the repeat its lead
    html = render_report([lead, repeat, *findings[2:]])
    assert f"Also told by 1 other outlet pair: <a href=\"#f-{repeat.id}\">{repeat.left.outlet} / " in html
    assert "Also told by" not in render_report(findings)  # no repeats, no line


def test_recorded_verdicts_are_shown_and_dismissed_ones_marked_for_the_default_view(page):
    findings = make_findings()
    log = VerdictLog(latest={
        findings[1].id: Verdict(finding_id=findings[1].id, verdict="dismissed", note="same <strikes>",
                                reviewer="ann", time="2025-10-01T09:00:00Z"),
        findings[0].id: Verdict(finding_id=findings[0].id, verdict="confirmed", reviewer="bo",
                                time="2025-10-01T09:01:00Z")})
    marked = render_report(findings, verdicts=log)
    cards = {a["data-id"]: a for a in Page(marked).findings()}
    assert cards[findings[1].id]["data-verdict"] == "dismissed"
    assert cards[findings[0].id]["data-verdict"] == "confirmed" and cards[findings[2].id]["data-verdict"] == ""
    assert "recorded: dismissed by ann, 2025-10-01T09:00:00Z: “same &lt;strikes&gt;”" in marked
    assert "1 confirmed · 1 dismissed" in " ".join(marked.split())
    # the default status filter is "not dismissed"; the page script hides by it
    assert '<option value="open" selected>not dismissed</option>' in marked
    assert 'if (status === "open") return state !== "dismissed";' in marked


def test_same_findings_give_the_same_page(page):
    assert render_report(make_findings(), source="flagged.jsonl") == page
    assert render_report([]).count("No findings.") == 1


def test_sentence_context_is_whole_sentences_of_the_paragraph():
    sentence = "In recent weeks, the US military struck at least three boats believed to be carrying narcotics " \
               "from Venezuela."
    start = BOATS_000.index(sentence)
    context = sentence_context(BOATS_000, start, start + len(sentence))
    assert context.before == "The US has stepped up its campaign in the Caribbean. "
    assert context.after == " Trump later said on Truth Social that the vessels posed a threat."
    assert BOATS_000[start - len(context.before):start + len(sentence) + len(context.after)] == \
        context.before + sentence + context.after
    assert sentence_context(BOATS_000, start, start + len(sentence), sentences=0).before == ""
    assert sentence_context(BOATS_000, start, start + len(sentence), max_chars=20).after == ""  # too long: left out
    assert make_findings()[1].left.context == context  # a scan writes it into each side


def test_context_from_the_segmenter_s_sentences_equals_splitting_the_paragraph_again():
    # a scan gives each side its article's sentences as the index keeps them, instead of running the
    # sentence splitter over the paragraph again for every side of every finding
    from contradict.ingest import ingest
    from contradict.segment import segment

    articles = ingest([Path(__file__).resolve().parents[1] / "seeds"]).articles
    checked = 0
    for article in articles:
        sentences = segment(article)
        spans = [(s.start, s.end) for s in sentences]
        for s in sentences[::3]:
            assert sentence_context(article.text, s.start, s.end, spans=spans) == \
                sentence_context(article.text, s.start, s.end)
            checked += 1
    assert checked > 30


def test_template_ships_as_package_data():
    names = {p.name for p in resources.files("contradict").joinpath("templates").iterdir()}
    assert {"report.html.j2", "report.css", "report.js"} <= names


def test_cli_report_uses_the_verdicts_beside_the_findings(tmp_path, capsys):
    findings = make_findings()
    flagged = tmp_path / "flagged.jsonl"
    write_jsonl(findings, flagged)
    (tmp_path / "flagged.verdicts.jsonl").write_text(Verdict(
        finding_id=findings[2].id, verdict="dismissed", reviewer="ann", time="2025-10-01T09:00:00Z"
    ).model_dump_json() + "\n")
    out = tmp_path / "report.html"
    assert cli_main(["report", str(flagged), "-o", str(out)]) == 0
    assert "report: 3 findings (1 dismissed, hidden by default)" in capsys.readouterr().out
    cards = {a["data-id"]: a["data-verdict"] for a in Page(out.read_text()).findings()}
    assert cards[findings[2].id] == "dismissed"
    assert cli_main(["report", str(flagged), "-o", str(out)]) == 0  # our own report may be replaced


def test_cli_report_fails_clearly(tmp_path, capsys):
    flagged = tmp_path / "flagged.jsonl"
    write_jsonl(make_findings(), flagged)
    with flagged.open("a") as fh:
        fh.write('{"id": "x"}\n')
    assert cli_main(["report", str(flagged), "-o", str(tmp_path / "r.html")]) == 2
    assert f"findings file {flagged}:4: not a finding" in capsys.readouterr().err
    assert cli_main(["report", str(tmp_path / "none.jsonl"), "-o", str(tmp_path / "r.html")]) == 2
    assert "none.jsonl: no such file" in capsys.readouterr().err
    assert cli_main(["report", str(flagged), "-o", str(flagged)]) == 2
    assert "is one of the inputs" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_load_findings_error_names_the_line(tmp_path):
    path = tmp_path / "f.jsonl"
    path.write_text("\n{not json\n")
    with pytest.raises(ReportError, match=r"f\.jsonl:2: not a finding"):
        load_findings(path)
