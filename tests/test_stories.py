"""Stories: articles grouped by event before pairing, on a corpus of three invented events (fast: hash embedder)."""

import json

import numpy as np
import pytest

from contradict.pipeline import index_articles, build_index
from contradict.schema import Article
from contradict.stories import find_stories, story_pairs, sub_index, time_distance

FIRE = [
    ("courier", "Fire at Halden plant", "A fire broke out late on Tuesday at the Halden chemical plant in Norwick. "
     "About 400 residents of Norwick were evacuated from their homes near the Halden site. Two workers were taken "
     "to hospital with burns after the blaze in the Halden storage hall. The Norwick fire service said the flames "
     "were under control by Wednesday morning."),
    ("herald", "Norwick evacuated", "Hundreds of people in Norwick spent the night away from home after the blaze "
     "at the Halden works. Firefighters from three counties fought the fire at Halden until dawn. Halden Industries "
     "said it would pay for any damage to homes in Norwick. Schools in eastern Norwick will stay closed on Thursday."),
    ("gazette", "Halden blaze", "The Halden chemical plant fire in Norwick injured two workers and one firefighter. "
     "Smoke from the Halden fire drifted over the centre of Norwick for hours. Inspectors are testing the river "
     "below the Halden plant for chemicals. It is the second fire at Halden in three years."),
]
QUAKE = [
    ("courier", "Valtora quake", "A strong earthquake struck near Valtora in northern Mirenia on Monday. At least "
     "12 people died when houses collapsed in the old town of Valtora. The Mirenian geological institute measured "
     "the quake at magnitude 6.1. Rescue teams from Brasco joined the search in Valtora overnight."),
    ("herald", "Mirenia earthquake", "Rescuers in Valtora pulled three survivors from the rubble on Tuesday. The "
     "death toll in Mirenia rose to 15, the Valtora mayor said. Aftershocks rattled Valtora and the nearby villages "
     "through the night. The government of Mirenia declared a state of emergency in the Valtora region."),
    ("gazette", "Valtora rescue", "The earthquake that hit Valtora destroyed the cathedral bell tower. Mirenia "
     "asked Brasco for tents and medical teams for the people of Valtora. Engineers said many Valtora buildings "
     "predated the Mirenian building code. Schools across the Valtora province were closed until further notice."),
]
VOTE = [
    ("courier", "Portavia vote", "Voters in Portavia elected Ilse Marren as mayor on Sunday with 54 percent of the "
     "vote. Marren promised to rebuild the Portavia harbour within four years. Turnout in Portavia was the highest "
     "since 1998. Her rival Otto Brenn conceded late on Sunday night."),
    ("herald", "Marren wins", "Ilse Marren won the Portavia mayoral race, beating Otto Brenn by nine points. Brenn "
     "said he would support Marren on the Portavia harbour plan. The Portavia council will swear in Marren next "
     "week. Marren is the first woman to lead Portavia."),
]
EVENTS = {"fire": FIRE, "quake": QUAKE, "vote": VOTE}


def write_corpus(root, events=EVENTS, extra=None, published=None):
    root.mkdir(parents=True, exist_ok=True)
    lines = []
    for event, articles in events.items():
        for outlet, title, text in articles:
            name = f"{event}-{outlet}.txt"
            (root / name).write_text(text + "\n", encoding="utf-8")
            entry = {"file": name, "outlet": outlet.title(), "title": title}
            entry.update((extra or {}).get(name, {}))
            if published and event in published:
                entry["published"] = published[event]
            lines.append(json.dumps(entry))
    (root / "manifest.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def event_of(article_id: str) -> str:
    return article_id.split("-", 1)[0]


def test_articles_are_grouped_by_event(tmp_path, hash_embedder):
    index, _ = build_index([write_corpus(tmp_path / "c")], hash_embedder)
    stories = find_stories(index)
    assert sorted(sorted({event_of(a) for a in s.articles}) for s in stories) == [["fire"], ["quake"], ["vote"]]
    assert sorted(len(s.articles) for s in stories) == [2, 3, 3]
    fire = next(s for s in stories if event_of(s.articles[0]) == "fire")
    assert "Halden" in fire.label or "Norwick" in fire.label
    assert fire.outlets == ["Courier", "Gazette", "Herald"] and not fire.given
    assert fire.id.startswith(("halden", "norwick")) and len(fire.id) < 50


def test_stories_do_not_depend_on_the_order_articles_were_indexed(tmp_path, hash_embedder):
    index, _ = build_index([write_corpus(tmp_path / "c")], hash_embedder)
    shuffled = type(index)(index.dimension, index.embedder_name)
    articles = list(index.articles.values())
    index_articles(articles[::-1][:4], hash_embedder, into=shuffled)
    index_articles(articles[::-1][4:], hash_embedder, into=shuffled)  # built up in two steps, as a saved index grows
    assert find_stories(shuffled) == find_stories(index)


def test_a_manifest_story_overrides_the_grouping(tmp_path, hash_embedder):
    extra = {"fire-gazette.txt": {"story": "quake-coverage"}, "quake-courier.txt": {"story": "quake-coverage"},
             "quake-herald.txt": {"story": "quake-coverage"}, "vote-courier.txt": {"story": "ballot"},
             "vote-herald.txt": {"story": "other-ballot"}}
    index, _ = build_index([write_corpus(tmp_path / "c", extra=extra)], hash_embedder)
    stories = {s.id: s for s in find_stories(index)}
    assert stories["quake-coverage"].given
    assert {event_of(a) for a in stories["quake-coverage"].articles} >= {"fire", "quake"}
    assert "fire-gazette" in " ".join(stories["quake-coverage"].articles)
    # two labels are two stories, however alike their articles
    assert [event_of(a) for a in stories["ballot"].articles] == ["vote"]
    assert [event_of(a) for a in stories["other-ballot"].articles] == ["vote"]
    # the unlabelled fire articles still make their own story
    assert any(s.articles and all(event_of(a) == "fire" for a in s.articles) and not s.given
               for s in stories.values())


def test_publication_dates_far_apart_split_a_story(tmp_path, hash_embedder):
    near = build_index([write_corpus(tmp_path / "a", events={"fire": FIRE})], hash_embedder)[0]
    assert len(find_stories(near)) == 1
    two = {"fire": FIRE, "fire2": FIRE}  # the same reports, a second time two months later
    index, _ = build_index([write_corpus(tmp_path / "b", events=two, published={"fire": "2024-03-01",
                                                                                "fire2": "2024-05-03"})],
                           hash_embedder)
    stories = find_stories(index)
    assert sorted(sorted({event_of(a) for a in s.articles}) for s in stories) == [["fire"], ["fire2"]]
    assert time_distance(*map(_day, ("2024-03-01", "2024-03-05"))) == 0.0
    assert time_distance(*map(_day, ("2024-03-01", "2024-05-03"))) == 1.0
    assert time_distance(_day("2024-03-01"), None) == 0.0


def _day(text):
    from datetime import date

    return date.fromisoformat(text)


def test_pairs_stay_within_stories(tmp_path, hash_embedder):
    index, _ = build_index([write_corpus(tmp_path / "c")], hash_embedder)
    stories = find_stories(index)
    of = {a: s.id for s in stories for a in s.articles}
    pairs = story_pairs(index, stories, k=10)
    assert pairs and all(of[p.left.article_id] == of[p.right.article_id] for p in pairs)
    # each story is paired as if scanned alone
    alone = story_pairs(sub_index(index, stories[0].articles), [stories[0]], k=10)
    assert [p for p in pairs if of[p.left.article_id] == stories[0].id] == alone


def test_small_corpora(tmp_path, hash_embedder):
    index, _ = build_index([write_corpus(tmp_path / "c", events={"vote": VOTE[:1]})], hash_embedder)
    (only,) = find_stories(index)
    assert len(only.articles) == 1 and "Portavia" in only.label
    empty = type(index)(index.dimension, index.embedder_name)
    assert find_stories(empty) == [] and story_pairs(empty, [], k=5) == []


def test_sub_index_keeps_vectors(tmp_path, hash_embedder):
    index, _ = build_index([write_corpus(tmp_path / "c")], hash_embedder)
    ids = sorted(index.articles)[:2]
    sub = sub_index(index, ids)
    rows = [i for i, c in enumerate(index.claims) if c.article_id in ids]
    assert np.array_equal(sub.vectors(), index.vectors()[rows]) and sorted(sub.articles) == ids


@pytest.mark.parametrize("value", [None, "", "   "])
def test_a_blank_story_label_is_no_label(tmp_path, value):
    from contradict.ingest import ingest

    write_corpus(tmp_path / "c", events={"vote": VOTE}, extra={"vote-courier.txt": {"story": value}})
    articles = ingest([tmp_path / "c"]).articles
    assert all(isinstance(a, Article) and a.story is None for a in articles)


def test_a_corpus_without_names_stays_one_story(tmp_path, hash_embedder):
    """Embeddings alone cannot tell two events of a kind apart: with no name to go by, nothing is split."""
    lower = {event: [(o, t.lower(), text.lower()) for o, t, text in articles] for event, articles in EVENTS.items()}
    index, _ = build_index([write_corpus(tmp_path / "c", events=lower)], hash_embedder)
    (story,) = find_stories(index)
    assert story.articles == sorted(index.articles) and story.label == "(no names)"


def test_a_draft_is_vetted_within_its_own_story_or_not_at_all(real_embedder):
    """Two events in one index: a draft about the floods meets the floods' figures; a draft about an
    earthquake elsewhere meets nothing (no story of the index reports it)."""
    from contradict.pipeline import Finder, Judges
    from contradict.schema import Article

    floods = [
        ("f1", "Valencia Daily", "Floods in Valencia killed 12 people on Monday, the regional government said. "
                                 "Rescuers in Paiporta searched flooded garages. The Turia river burst its banks."),
        ("f2", "Spain Wire", "Twelve people died in the Valencia floods, officials in Paiporta said. Emergency crews "
                             "evacuated homes near the Turia river. Mazón praised the rescuers of Valencia."),
    ]
    quake = [
        ("q1", "Ankara News", "An earthquake in Malatya killed 300 people, the AFAD agency said. Rescuers in Malatya "
                              "pulled survivors from collapsed buildings. Erdogan visited the province."),
        ("q2", "Anatolia Post", "The Malatya earthquake killed 300 people, AFAD said. Aftershocks shook Malatya and "
                                "Adiyaman. Erdogan promised to rebuild the homes."),
    ]
    articles = [Article(id=i, outlet=o, path=f"{i}.txt", text=t) for i, o, t in floods + quake]
    finder = Finder(real_embedder, Judges(real_embedder, nli_model=None))

    index = index_articles(articles, real_embedder)
    on_floods = ("Floods in Valencia killed 40 people, the regional government said. Rescuers searched "
                 "garages in Paiporta. The Turia river burst its banks near Valencia.")
    findings = finder.vet(on_floods, index)
    assert finder.last_draft_story and findings
    assert all(f.right.article_id in ("f1", "f2") for f in findings)
    elsewhere = ("A cyclone in Chittagong killed 40 people, Bangladesh officials said. Fishermen in Cox's Bazar "
                 "were missing. Hasina ordered relief for Chittagong.")
    assert finder.vet(elsewhere, index) == [] and finder.last_draft_story == ""
