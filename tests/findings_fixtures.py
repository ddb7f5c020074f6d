"""Small, hand-made findings for the report, verdict and review tests: built through ``combine`` from
articles and judge verdicts, so they are what a scan writes, without a model."""

from __future__ import annotations

from contradict.findings import combine
from contradict.judges.quantity import explain_comparison
from contradict.schema import Article, CandidatePair, JudgeVerdict, QuantityComparison, Sentence, Timing

BOATS_000 = ("The US has stepped up its campaign in the Caribbean. In recent weeks, the US military struck at least "
             "three boats believed to be carrying narcotics from Venezuela. Trump later said on Truth Social that "
             "the vessels posed a threat.\nA second paragraph that is not context.")
BOATS_002 = ("Officials spoke on Friday. The potential strikes would follow at least four US military attacks on "
             "boats allegedly carrying drugs from Venezuela since early September, killing at least 17 people.")
APPROVAL_001 = "Trump has not yet approved the strikes, officials said."
APPROVAL_003 = "President Trump has approved the strikes on targets inside Venezuela."
HOSTILE = ("Readers wrote in. <script>alert('article')</script> The storm killed at least 12 people in "
           "the <b>town</b> & nearby villages. More followed.")
HOSTILE_OTHER = "The storm killed at least 9 people in the town, officials said on Monday."


def _sentence(article: Article, text: str, index: int = 0) -> Sentence:
    start = article.text.index(text)
    return Sentence(article_id=article.id, index=index, start=start, end=start + len(text), text=text)


def _numeric(left: str, right: str, counted_left: str, counted_right: str, confidence: float) -> JudgeVerdict:
    comparison = QuantityComparison(left=left, right=right, counted_left=counted_left, counted_right=counted_right,
                                    relation="different_bounds", counted_similarity=0.6)
    return JudgeVerdict(judge="quantity", conflict=True, confidence=confidence, kind="numeric",
                        explanation=explain_comparison(comparison), quantities=[comparison])


NLI = JudgeVerdict(judge="nli", conflict=False, confidence=0.3, kind="contradiction",
                   nli={"left->right": {"contradiction": 0.3, "entailment": 0.2, "neutral": 0.5},
                        "right->left": {"contradiction": 0.1, "entailment": 0.3, "neutral": 0.6}})


def articles() -> dict[str, Article]:
    return {a.id: a for a in [
        Article(id="000@aa", outlet="outlet-000", path="000.txt", text=BOATS_000, url="https://example.org/000",
                title="Strikes on boats", published="2025-09-20"),
        Article(id="001@bb", outlet="outlet-001", path="001.txt", text=APPROVAL_001),
        Article(id="002@cc", outlet="outlet-002", path="002.txt", text=BOATS_002, published="2025-09-26"),
        Article(id="003@dd", outlet="The Express Gazette", path="003.txt", text=APPROVAL_003),
        Article(id="666@ee", outlet="<script>alert('outlet')</script>", path="666.txt", text=HOSTILE,
                url="javascript:alert('url')", title="<img src=x onerror=alert('title')>"),
        Article(id="667@ff", outlet="Plain & Simple", path="667.txt", text=HOSTILE_OTHER,
                url="http://example.org/a?b=1&c=<2>", title="Storm \"toll\""),
    ]}


def make_findings(hostile: bool = False):
    """Three findings (numeric, contradiction, update), best first; with ``hostile``, a fourth whose
    article fields carry markup."""
    arts = articles()
    boats = combine(CandidatePair(left=_sentence(arts["000@aa"], BOATS_000.split(". ")[1] + "."),
                                  right=_sentence(arts["002@cc"], BOATS_002.split(". ", 1)[1]), similarity=0.79),
                    [_numeric("at least three", "at least four", "boats", "US military attacks", 0.49), NLI], arts)
    approval = combine(CandidatePair(left=_sentence(arts["001@bb"], APPROVAL_001),
                                     right=_sentence(arts["003@dd"], APPROVAL_003), similarity=0.81),
                       [JudgeVerdict(judge="polarity", conflict=True, confidence=0.75, kind="contradiction",
                                     explanation='{left} denies what {right} asserts: "Trump has not yet approved '
                                                 'the strikes" / "President Trump has approved the strikes"',
                                     note="predicate: approv")], arts)
    update_verdict = JudgeVerdict(judge="update", role="context", conflict=False, confidence=1.0, kind="update",
                                  timing=Timing(newer="right", basis="publication dates"))
    update = combine(CandidatePair(left=_sentence(arts["000@aa"], BOATS_000.split(". ")[1] + "."),
                                   right=_sentence(arts["002@cc"], "Officials spoke on Friday."), similarity=0.5),
                     [_numeric("at least three", "at least four", "boats", "attacks", 0.3), update_verdict], arts)
    findings = [approval, boats, update]
    if hostile:
        sentence = "The storm killed at least 12 people in the <b>town</b> & nearby villages."
        findings.append(combine(
            CandidatePair(left=_sentence(arts["666@ee"], sentence), right=_sentence(arts["667@ff"], HOSTILE_OTHER),
                          similarity=0.9),
            [_numeric("at least 12", "at least 9", "people", "people", 0.6)], arts))
    return sorted(findings, key=lambda f: (-f.score, f.id))
