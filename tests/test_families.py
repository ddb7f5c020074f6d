"""Copies, relays and families: on texts written for these tests (an original, a reprint, a light edit, a
synonym-spun rewrite, an independent report of the same event, relays of a named report) and on the seeds."""

import json

import pytest

from contradict.families import _ordered_chain, copy_pairs, find_copies, find_families, upstream_of
from contradict.pipeline import build_index
from contradict.stories import find_stories

from .conftest import SEEDS

ORIGINAL = "\n".join([
    'A fire broke out late on Tuesday at the Halden chemical plant on the outskirts of Norwick, forcing the '
    'evacuation of about 400 nearby residents.',
    'The blaze started in a storage hall shortly after 10 p.m. and spread to two neighbouring warehouses '
    'within an hour.',
    'Firefighters from three counties worked through the night to keep the flames away from tanks holding '
    'industrial solvents.',
    'Two workers were taken to hospital with burns, and one firefighter was treated for smoke inhalation at '
    'the scene.',
    'The regional fire service said the fire was brought under control by 6 a.m. on Wednesday.',
    'Residents were told to keep their windows closed as a thick plume of black smoke drifted over the town '
    'centre.',
    "The plant's owner, Halden Industries, said it was cooperating fully with investigators and would pay for "
    'any damage to homes.',
    'Environmental inspectors began testing the river downstream of the site for traces of chemicals on '
    'Wednesday morning.',
    'It is the second fire at the plant in three years; a smaller blaze in 2021 destroyed a loading bay.',
    'Local officials said schools in the eastern part of Norwick would stay closed until air quality readings '
    'return to normal.',
]) + "\n"

# the same text under a dateline, with a closing line of its own
REPRINT = "NORWICK — " + ORIGINAL + "The Norwick council will meet on Friday to discuss the fire.\n"

# a sentence dropped, a few words changed, and one figure changed: an editing difference
LIGHT_EDIT = "\n".join([
    'A fire broke out late on Tuesday at the Halden chemical plant on the edge of Norwick, forcing the '
    'evacuation of about 400 nearby residents.',
    'The blaze began in a storage hall shortly after 10 p.m. and spread to two neighbouring warehouses within '
    'an hour.',
    'Firefighters from three counties worked through the night to keep the flames away from tanks of '
    'industrial solvents.',
    'Three workers were taken to hospital with burns, and one firefighter was treated for smoke inhalation at '
    'the scene.',
    'The regional fire service said the fire was brought under control by 6 a.m. on Wednesday.',
    "The plant's owner, Halden Industries, said it was cooperating fully with investigators and would pay for "
    'any damage to homes.',
    'Environmental inspectors started testing the river downstream of the site for traces of chemicals on '
    'Wednesday morning.',
    'It is the second fire at the plant in three years; a smaller blaze in 2021 destroyed a loading bay.',
    'Local officials said schools in eastern Norwick would stay shut until air quality readings return to normal.',
]) + "\n"

# what a synonym spinner makes of it: most words swapped, the sentences and their order kept
SPUN = "\n".join([
    'A blaze erupted late on Tuesday on the Halden chemical manufacturing unit on the periphery of Norwick, '
    'compelling the clearance of roughly 400 close by inhabitants.',
    'The hearth began in a storage corridor shortly after 10 p.m. and unfold to two adjoining depots inside an '
    'hour.',
    'Firefighters from three counties labored via the night time to maintain the flames away from tanks '
    'containing industrial solvents.',
    'Two staff had been taken to hospital with burns, and one firefighter was handled for smoke inhalation on '
    'the scene.',
    'The regional hearth service stated the fireplace was introduced beneath management by 6 a.m. on Wednesday.',
    'Residents had been instructed to maintain their home windows shut as a thick plume of black smoke drifted '
    'over the city centre.',
    "The plant's proprietor, Halden Industries, stated it was cooperating totally with investigators and would "
    'pay for any harm to houses.',
    'Environmental inspectors started testing the river downstream of the location for traces of chemical '
    'compounds on Wednesday morning.',
    "It's the second hearth on the plant in three years; a smaller blaze in 2021 destroyed a loading bay.",
    'Native officers stated faculties within the jap a part of Norwick would keep closed till air high quality '
    'readings return to regular.',
]) + "\n"

# another newsroom's report of the same event: the same facts, told its own way
INDEPENDENT = "\n".join([
    'Hundreds of people living near a chemical works in Norwick spent Tuesday night away from home after a '
    'warehouse fire.',
    'Halden Industries, which runs the plant, promised to cover the cost of any damage to nearby houses.',
    'The fire service brought the blaze under control early on Wednesday, nearly eight hours after it began.',
    'Two employees suffered burns and a firefighter needed treatment after breathing in smoke.',
    "It was the plant's second fire since 2021, when a loading bay burned down.",
    'Schools in the east of the town stay closed while the air is tested.',
    'Inspectors are also checking the river below the plant for chemicals.',
]) + "\n"

# relays: two outlets that pass on what the Norwick Courier reported, and the Courier's own article
RELAY_A = "\n".join([
    'Investigators believe the Halden fire was started by a faulty heater, three officials told the Norwick '
    'Courier.',
    'Shares in Halden Industries fell 4 percent in early trading after the news.',
    "Analysts at two banks said the company's insurance should cover most of the losses.",
    'Halden Industries declined to comment on the report, the Norwick Courier reported.',
    'The chemicals group employs about 1,200 people across its five sites.',
]) + "\n"
RELAY_B = "\n".join([
    'A faulty heater may have caused the fire at the Halden plant, the Norwick Courier reported on Thursday.',
    'According to the Norwick Courier, workers had warned managers about the heater.',
    'Police said there was no sign of arson at the site.',
    "The plant's insurers are expected to visit next week.",
]) + "\n"
COURIER = "\n".join([
    'Investigators believe a faulty heater started the fire at the Halden plant, three officials said.',
    'Workers had warned managers about the heater a week before the fire, the officials said.',
    'Halden Industries declined to comment.',
    'The plant will stay closed for at least a month while the investigation goes on.',
]) + "\n"
# cites a body twice ("police said"), which is a speaker, not a report relayed
POLICE = "\n".join([
    'Police said there was no sign of arson at the Halden plant.',
    'According to police, the fire started in a storage hall.',
    'Police said the investigation would take several weeks.',
    'Halden Industries thanked the firefighters for their work.',
]) + "\n"


def write(root, texts: dict[str, str], outlets: dict[str, str] | None = None, published: dict | None = None):
    root.mkdir(parents=True, exist_ok=True)
    lines = []
    for name, text in texts.items():
        (root / f"{name}.txt").write_text(text, encoding="utf-8")
        entry = {"file": f"{name}.txt", "outlet": (outlets or {}).get(name, name.title())}
        if published and name in published:
            entry["published"] = published[name]
        lines.append(json.dumps(entry))
    (root / "manifest.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def fire_index(tmp_path_factory, real_embedder):
    root = write(tmp_path_factory.mktemp("fire"), {"original": ORIGINAL, "reprint": REPRINT, "edit": LIGHT_EDIT,
                                                   "spun": SPUN, "independent": INDEPENDENT},
                 published={"original": "2024-03-05", "reprint": "2024-03-06"})
    index, _ = build_index([root], real_embedder)
    return index


def by_name(index, name):
    return next(a for a in index.articles if a.startswith(name + "@"))


def test_reprints_light_edits_and_spun_copies_are_found(fire_index):
    stories = find_stories(fire_index)
    assert len(stories) == 1
    links = {frozenset((link.original.split("@")[0], link.copy_id.split("@")[0])): link
             for link in find_copies(fire_index, stories)}
    assert links[frozenset(("original", "reprint"))].kind == "verbatim"
    assert links[frozenset(("original", "edit"))].kind == "light_edit"
    assert links[frozenset(("original", "spun"))].kind == "spun"
    reprint = links[frozenset(("original", "reprint"))]
    assert reprint.original.startswith("original@")  # published first
    assert reprint.coverage == 1.0 and reprint.aligned[:3] == [(0, 0), (1, 1), (2, 2)]
    # the independent report tells the same facts, but is no copy of any of them
    assert not any("independent" in pair for pair in links)


def test_copies_make_one_family_with_the_original(fire_index):
    stories = find_stories(fire_index)
    families, links = find_families(fire_index, stories)
    (family,) = families
    roles = {m.article_id.split("@")[0]: m.role for m in family.members}
    assert roles == {"original": "original", "reprint": "verbatim", "edit": "light_edit", "spun": "spun"}
    assert family.original == by_name(fire_index, "original") and family.upstream is None
    assert frozenset((by_name(fire_index, "edit"), by_name(fire_index, "spun"))) in copy_pairs(links)


def test_a_changed_figure_between_copies_is_a_copy_edit(tmp_path, real_embedder):
    from contradict.pipeline import Judges, scan

    root = write(tmp_path / "c", {"original": ORIGINAL, "edit": LIGHT_EDIT, "independent": INDEPENDENT})
    findings, report = scan([root], judges=Judges(real_embedder, nli_model=None), embedder=real_embedder)
    edits = [f for f in findings if f.type == "copy_edit"]
    assert edits, [f.explanation for f in findings]
    assert "Three workers" in edits[0].left.sentence + edits[0].right.sentence
    assert edits[0].explanation.startswith("copy edit (light edit copies of one text): ")
    assert edits[0].left.family == edits[0].right.family is not None
    assert report.findings_by_type.get("copy_edit") == len(edits)


def test_relays_of_a_named_report_join_its_family(tmp_path, real_embedder):
    root = write(tmp_path / "r", {"relay-a": RELAY_A, "relay-b": RELAY_B, "courier": COURIER, "police": POLICE},
                 outlets={"relay-a": "Daily Post", "relay-b": "Evening Star", "courier": "The Norwick Courier",
                          "police": "City Radio"})
    index, _ = build_index([root], real_embedder)
    families, _ = find_families(index, find_stories(index))
    (family,) = families
    roles = {m.article_id.split("@")[0]: (m.role, m.of) for m in family.members}
    assert roles == {"relay-a": ("relay", "Norwick Courier"), "relay-b": ("relay", "Norwick Courier"),
                     "courier": ("original", None)}
    assert family.upstream == "Norwick Courier" and family.original == by_name(index, "courier")


def test_an_upstream_needs_two_citations_or_one_in_the_lede():
    reports = {"courier"}
    assert upstream_of([(5, "courier", "Courier", None)], reports, "Post") is None
    assert upstream_of([(1, "courier", "Courier", None)], reports, "Post") == "courier"
    assert upstream_of([(5, "courier", "Courier", None), (7, "courier", "Courier", "according")], reports,
                       "Post") == "courier"
    assert upstream_of([(0, "police", "Police", "according"), (2, "police", "Police", "according")], reports,
                       "Post") is None  # never cited as a report
    assert upstream_of([(0, "courier", "Courier", None)], reports, "The Courier") is None  # its own report


def test_ordered_chain_keeps_both_orders():
    assert _ordered_chain([(0, 0), (1, 5), (2, 1), (3, 2), (4, 3)]) == [(0, 0), (2, 1), (3, 2), (4, 3)]
    assert _ordered_chain([]) == []


@pytest.fixture(scope="module")
def seeds_index(real_embedder):
    index, _ = build_index([SEEDS], real_embedder)
    return index


def test_seeds_000_to_003_relay_the_nbc_news_report(seeds_index):
    families, links = find_families(seeds_index, find_stories(seeds_index))
    assert links == []  # no two seeds are copies of each other; 004 is spun from a report not in the corpus
    (family,) = families  # 000's doubled paragraphs make no family of their own
    assert family.upstream == "NBC News" and family.original == "NBC News"
    assert sorted(m.article_id[:3] for m in family.members) == ["000", "001", "002", "003"]
    assert {m.role for m in family.members} == {"relay"}


def test_a_doubled_text_is_one_text(tmp_path, real_embedder):
    """000 as it came (every paragraph twice) and 000 with each paragraph once are verbatim copies: one
    family, not two."""
    raw = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    once = "\n".join(dict.fromkeys(raw.split("\n")))
    assert len(once) < 0.7 * len(raw)
    root = write(tmp_path / "d", {"doubled": raw, "once": once})
    index, _ = build_index([root], real_embedder)
    families, links = find_families(index, find_stories(index))
    assert [link.kind for link in links] == ["verbatim"]
    (family,) = families
    assert sorted(m.article_id.split("@")[0] for m in family.members) == ["doubled", "once"]
