from contradict.schema import Article
from contradict.segment import segment


def article(text):
    return Article(id="a", outlet="o", path="a.txt", text=text)


def test_abbreviations_do_not_split_and_spans_are_exact():
    text = ("The U.S. Navy struck a boat on Sept. 2, officials said. Sen. Chuck Grassley asked why. "
            "He said: \"We will see.\" Then he left.")
    sentences = segment(article(text))
    assert [s.text for s in sentences] == [
        "The U.S. Navy struck a boat on Sept. 2, officials said.", "Sen. Chuck Grassley asked why.",
        "He said: \"We will see.\"", "Then he left."]
    for s in sentences:
        assert text[s.start:s.end] == s.text


def test_non_claims_are_marked():
    text = "Trump administration goals\n\nWill the strikes continue into next year?\n\nBy Jane Roe\n\nOk then.\n\n" \
           "The navy moved eight ships into the region last week."
    by_text = {s.text: s for s in segment(article(text))}
    assert by_text["Trump administration goals"].not_claim_reason == "heading"
    assert by_text["Will the strikes continue into next year?"].not_claim_reason == "question"
    assert by_text["By Jane Roe"].is_claim is False
    assert by_text["Ok then."].not_claim_reason == "too short"
    assert by_text["The navy moved eight ships into the region last week."].is_claim


def test_segmentation_is_linear_and_long_runs_are_not_claims():
    import time

    from contradict.schema import Article
    from contradict.segment import segment, split_sentences
    from contradict.settings import Settings
    max_claim_chars = Settings().max_claim_chars

    paragraph = "The council met again on Tuesday and voted on the budget. " * 3500  # ~200 KB, one paragraph
    started = time.perf_counter()
    spans = split_sentences(paragraph)
    assert len(spans) == 3500 and time.perf_counter() - started < 30  # was about a minute before chunking
    assert all(paragraph[s:e].startswith("The council") for s, e in spans)
    run_on = "word " * 2000
    pieces = segment(Article(id="x", outlet="o", path="x", text=run_on))
    assert pieces and all(len(s.text) > max_claim_chars and s.not_claim_reason == "too long" for s in pieces)
