"""Who asserts a claim: a test set of sentences written for these tests (the frames "according to",
"said", "told", "experts say", "sources familiar with"), each with the speaker's kind, words and report."""

import pytest

from contradict.attribution import citing, name_key, read_frame, sentence_attribution
from contradict.schema import Attribution

CASES = [
    # sentence, kind, who, via
    ("According to the health ministry, at least 30 people died in the fire.", "named", "the health ministry", None),
    ("At least 30 people died in the fire, according to the health ministry.", "named", "the health ministry", None),
    ("It was the deadliest quake in years, according to the U.S. Geological Survey.", "named",
     "the U.S. Geological Survey", None),
    ("According to people familiar with the deliberations, the plan was shelved last week.", "unnamed",
     "people familiar with the deliberations", None),
    ("According to The Daily Planet's sources, the factory had closed in March.", "unnamed", "sources",
     "The Daily Planet"),
    ("Experts say the bridge had shown signs of corrosion for years.", "experts", "Experts", None),
    ("The bridge had shown signs of corrosion for years, experts said.", "experts", "experts", None),
    ("Venezuela plays a minimal role in the drug trade, experts say.", "experts", "experts", None),
    ("Analysts believe the sanctions have had little effect on the economy.", "experts", "Analysts", None),
    ("Scientists say the quake was caused by a shallow fault near the town.", "experts", "Scientists", None),
    ("Sources familiar with the matter said the talks had stalled.", "unnamed", "Sources familiar with the matter",
     None),
    ("The talks had stalled, sources familiar with the matter told Reuters.", "unnamed",
     "sources familiar with the matter", "Reuters"),
    ("Two US officials told NBC News that the plans were at an early stage.", "unnamed", "Two US officials",
     "NBC News"),
    ("A former US official said Venezuela plays a minimal role in the drug trade.", "unnamed",
     "A former US official", None),
    ("The officials, who spoke on condition of anonymity, said no decision had been made.", "unnamed",
     "The officials", None),
    ("The mayor said the rescue would continue through the night.", "named", "The mayor", None),
    ("The rescue would continue through the night, Mayor Anna Rossi told reporters.", "named", "Mayor Anna Rossi",
     None),
    ("Police said the suspect had been arrested on Friday.", "named", "Police", None),
    ("Political analyst John Smith told the BBC that the vote was rigged.", "named", "Political analyst John Smith",
     "BBC"),
    ("The Daily Planet reported that the factory had closed in March.", "named", "The Daily Planet",
     "The Daily Planet"),
    ("The factory had closed in March, the Daily Planet reported on Tuesday.", "named", "the Daily Planet",
     "Daily Planet"),
    ("The strikes will continue, Trump said on Truth Social.", "named", "Trump", None),
    ("Posting on Truth Social, Trump said that the military had struck three boats.", "named", "Trump", None),
    ("On Friday, sources familiar with the plan said that it had been delayed.", "unnamed",
     "sources familiar with the plan", None),
    ("The rescue continued through the night.", "own_voice", None, None),
    ("The man who said he saw the attack was arrested on Monday.", "own_voice", None, None),
]


@pytest.mark.parametrize("sentence,kind,who,via", CASES)
def test_who_asserts_the_claim(sentence, kind, who, via):
    frame, said = sentence_attribution(sentence)
    assert (said.kind, said.who, said.via) == (kind, who, via), frame
    assert (frame is None) == (kind == "own_voice")


def test_the_test_set_covers_every_kind_and_frame():
    kinds = {kind for _, kind, _, _ in CASES}
    assert kinds == {"own_voice", "named", "unnamed", "experts"}
    text = " ".join(sentence.lower() for sentence, *_ in CASES)
    for frame in ("according to", " said", " told", "experts say", "sources familiar with"):
        assert frame in text


def test_a_role_followed_by_a_name_is_named_and_an_owner_of_named_speakers_is_no_report():
    assert read_frame("Venezuelan political analyst Anibal Ruiz told reporters").kind == "named"
    said = read_frame("Italy's interior minister said")
    assert said.kind == "named" and said.via is None  # Italy is not a report relayed


def test_an_opening_clause_is_no_opening_adverbial():
    from contradict.claims import strip_attribution

    # "On Friday, X said that" is a frame; "The bridge collapsed, X said that" keeps its first clause
    assert strip_attribution("The bridge collapsed, officials said that it had been inspected.")[0].startswith(
        "The bridge collapsed")


def test_how_a_finding_cites_a_source():
    assert citing(None) == "" and citing(Attribution(kind="own_voice")) == ""
    assert citing(Attribution(kind="named", who="it")) == ""  # who "it" is, another sentence says
    assert citing(Attribution(kind="experts", who="experts")) == ", citing experts,"
    assert citing(Attribution(kind="unnamed", who="four sources", via="NBC News")) == \
        ", citing four sources (via NBC News),"
    assert citing(Attribution(kind="unnamed", who="one two three four five six seven eight nine")).endswith("…,")
    assert citing(Attribution(kind="named", who="the Daily Planet", via="Daily Planet")) == ", citing the Daily Planet,"


def test_name_spellings_are_one_key():
    assert name_key("the Daily Planet") == name_key("The Daily Planet") == name_key("Daily Planet’s")
    assert name_key("NBC News’") == "nbc news"
