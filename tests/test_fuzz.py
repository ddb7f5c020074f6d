"""Property tests: ingest, the segmenter and the parsers of figures and claims never crash, whatever the text.

Random and adversarial text (any unicode, very long lines, no punctuation, only digits or punctuation,
figures of hundreds of digits, nested brackets, runs of "![") built by hypothesis.  Deterministic
(``derandomize``: the same examples on every run and machine, no example database written) and bounded
(``max_examples``), so the file runs in seconds, offline.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contradict.claims import claims_of
from contradict.frames import framed_quantities
from contradict.ingest import ingest
from contradict.quantities import find_quantities
from contradict.schema import Article
from contradict.segment import segment
from contradict.settings import Settings

FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

HUGE = "1" + "0" * 400  # 10^400 written out: past a float's range

# Pieces news text is made of, and pieces that have broken parsers: figures in every form, hundreds of
# digits, qualifiers, units, brackets, Markdown, quotes, scripts, invisible and odd white space.
FRAGMENTS = [
    "The council approved the budget on Monday.", "At least 17 people were killed", "killing at least 17 people",
    "more than a dozen", "nearly 50", "up to 4,000 US sailors", "three strikes", "the fourth strike",
    "$1.2 billion", "€950m", "12.5%", "100km", "27-storey", "magnitude 7.1", "the death toll has risen to 120",
    "no casualties", "in Amatrice alone", "police said", "according to experts", "It is not", "He said",
    "U.S.", "Sept. 2", "Dr.", "e.g.", "No.", "vs.", "1990s", "COVID-19", "F-35", "3D", "B52", "24/7", "9/11",
    HUGE, "10^400", "1e400", "-" + HUGE, "$" + HUGE, HUGE + "%", HUGE + " people", "9" * 320 + ".5 million",
    ",".join(["999"] * 140), "0." + "0" * 400 + "1", "1,000,000,000,000,000,000 dead", "one hundred thousand million",
    "twenty-three", "zero", "a million billion trillion", "½", "²", "٣", "१२", "ⅷ", "〇", "１２３",
    "(((((", ")))))", "[[[[", "]]]]", "[a](", "![", "![" * 30, "![alt](http://x/y.png)", "[link](u \"t\")",
    "**bold**", "_it_", "# ", "> ", "- ", "* ", "1. ", "|", "---", "```", "<p>", "</p>", "<script>", "&amp;", "&#0;",
    "{", "}", "\"", "'", "“", "”", "‘", "’", "«", "»", "…", "?", "!", "?!", ".", "..", "...", ";", ":", "—", "–",
    "\t", "\r", "\r\n", "\u2028", "\u2029", "\x0b", "\x0c", "\u00a0", "\u200b", "\u200d", "\ufeff", "\u202e",
    "\ud7ff", "\U0001f4a5", "é", "e\u0301", "ß", "İ", "ﬁ", "El gobierno aprobó", "مئة وعشرين", "二十人", "Москва",
]
SEPARATORS = ["", " ", "  ", "\n", "\n\n", ". ", ", ", "\t"]


def _long(piece: str, times: int, separator: str) -> str:
    return separator.join([piece] * times)


texts = st.one_of(
    st.text(max_size=300),  # any unicode (surrogates and control characters included)
    st.lists(st.tuples(st.sampled_from(FRAGMENTS) | st.text(max_size=12), st.sampled_from(SEPARATORS)),
             max_size=60).map(lambda parts: "".join(a + b for a, b in parts)),
    # very long lines, words without punctuation, only digits, only punctuation, nesting
    st.builds(_long, st.sampled_from(["word", "killed 17", "at least", "![", "[(", "Venezuela", "99999"]),
              st.integers(1, 800), st.sampled_from(["", " ", ","])),
    st.text(alphabet="0123456789", min_size=1, max_size=2000),
    st.text(alphabet=".,;:!?-—()[]{}\"'“”…%$€/\\*_#<>|", min_size=1, max_size=500),
    st.integers(1, 300).map(lambda n: "(" * n + "[" * n + "17 people" + "]" * n + ")" * n),
)
# The parsers of figures and claims read one sentence at a time, and a sentence over MAX_CLAIM_CHARS (1,000)
# is never a claim: twice that is their adversarial bound.  (Framing is quadratic in the number of figures
# of its input: a 15 KB line of "killed 17" takes seconds, a 2 KB one a fraction of a second.)
sentences = texts.map(lambda text: text[:2 * Settings().max_claim_chars])


def _article(text: str) -> Article:
    return Article(id="fuzz", outlet="fuzz", path="fuzz.txt", text=text)


@FUZZ
@given(texts)
def test_segment_spans_index_the_text_exactly(text):
    article = _article(text)
    sentences = segment(article)
    previous_end = 0
    for i, s in enumerate(sentences):
        assert s.index == i
        assert 0 <= s.start < s.end <= len(text)
        assert article.text[s.start:s.end] == s.text and s.text.strip()
        assert s.start >= previous_end  # in order, never overlapping
        previous_end = s.end


@FUZZ
@given(sentences)
def test_find_quantities_never_crashes_and_spans_are_in_the_text(text):
    for q in find_quantities(text):
        assert 0 <= q.start <= q.end <= len(text)
        assert q.value == q.value  # not NaN
        if q.counted_span is not None:
            assert 0 <= q.counted_span[0] <= q.counted_span[1] <= len(text)


@FUZZ
@given(sentences)
def test_framed_quantities_never_crash(text):
    for q in framed_quantities(text):
        assert 0 <= q.start <= q.end <= len(text)
        q.interval()


@FUZZ
@given(sentences, st.none() | st.sampled_from(["Venezuela", "The council", "", HUGE]))
def test_claims_of_never_crashes(text, antecedent):
    found = [s.text for s in segment(_article(text))] or ([text] if text.strip() else [])
    for sentence in found[:5]:
        claims = claims_of(sentence, antecedent)
        assert claims, "every sentence has at least one claim (the sentence itself)"
        if antecedent is None:  # with one, spans are into the sentence as rewritten ("It" -> "Venezuela")
            for c in claims:
                assert 0 <= c.start <= c.end <= len(sentence)


def _item(text: str, extra: str) -> dict:
    return {"text": text, "outlet": extra, "title": text[:80], "published": extra, "url": extra}


@FUZZ  # six files an example, one of them HTML through the extractor
@given(texts, st.text(max_size=20), st.binary(max_size=200))
def test_ingest_never_crashes_and_accounts_for_every_file(text, extra, raw):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = {
            "a.txt": text,
            "b.md": f"# {extra}\n\n{text}\n\n![{extra}](x.png) [{extra}](http://x)",
            "c.html": f"<html><head><title>{extra}</title></head><body><article><p>{text}</p></article></body></html>",
            "d.json": json.dumps(_item(text, extra)) if len(text) % 2 else text,
            "e.jsonl": "\n".join([json.dumps(_item(text, extra)), text.replace("\n", " "), json.dumps(extra)]),
        }
        for name, content in files.items():
            (root / name).write_text(content, encoding="utf-8", errors="surrogatepass")
        (root / "f.txt").write_bytes(raw)
        result = ingest([root])
        named = {Path(a.path).name for a in result.articles} | \
                {Path(s.path.split(":")[0]).name for s in result.skipped}
        assert named == set(files) | {"f.txt"}  # every file read or skipped with a reason
        for a in result.articles:
            assert a.text.strip()
            for s in segment(a):
                assert a.text[s.start:s.end] == s.text
        for s in result.skipped:
            assert s.reason and "\n" not in s.reason
