"""How a news reader frames figures, on sentences written for these tests: orders of magnitude in words,
parts of a whole, zero counts said many ways, crowds, projectiles stopped by air defences, unit
conversions in brackets, graded damage, when a figure was said, and one disagreement told many times."""

import pytest

from contradict.findings import combine, sort_findings
from contradict.frames import framed_quantities
from contradict.judges.base import run_judges
from contradict.judges.degree import DegreeJudge
from contradict.judges.quantity import QuantityJudge
from contradict.judges.update import UpdateJudge, reported_day
from contradict.pair import _figure_keys
from contradict.quantities import find_quantities
from tests.test_judges import make_pair
from tests.conftest import HashEmbedder


def flags(left: str, right: str) -> bool:
    pair, _ = make_pair(left, right)
    (verdict,) = QuantityJudge(HashEmbedder()).judge([pair])
    return bool(verdict and verdict.conflict)


@pytest.mark.parametrize("text,low,high", [
    ("Several hundred thousand people marched.", 100_000, 1_000_000),
    ("Tens of thousands of fans filled the square.", 10_000, 100_000),
    ("Hundreds of villagers fled.", 100, 1_000),
    ("A few dozen workers stayed.", 12, 120),
])
def test_orders_of_magnitude_in_words_are_ranges(text, low, high):
    (q,) = find_quantities(text)
    lo, hi = q.interval()
    assert q.qualifier == "vague" and lo == low and hi == pytest.approx(high)


def test_vague_amounts_compare_as_ranges():
    assert flags("Tens of thousands of protesters marched through the capital.",
                 "More than 1 million protesters marched through the capital.")
    assert not flags("Several hundred protesters clashed with police.",
                     "Hundreds of protesters clashed with police.")


def test_a_quoted_counted_phrase_keeps_its_frame():
    (q,) = framed_quantities("The broadcaster said at least 40 “enemy fighters” were killed overnight.")
    assert (q.counted_head, q.category) == ("fighter", "dead")


def test_part_of_a_whole():
    shot, fired = framed_quantities("Air defences shot down 9 of 12 drones launched at the city.")
    assert (shot.value, shot.counted_head, shot.category) == (9, "drone", "intercepted")
    assert fired.category == "launched"  # drones sent, not drones stopped
    assert not flags("Three of the 12 drones crashed in a field.", "Officials said 12 drones were launched.")
    assert not flags("Officials said 12 drones were launched, three of which crashed.",
                     "The army said 12 drones were launched from the coast.")
    assert find_quantities("Almost one in seven residents joined the march.") == []
    # parts of a group named before, whatever they count; a place named is the part it covers
    assert not flags("Five of the dead have now been formally identified.", "At least 30 people died in the fire.")
    assert not flags("At least one of those who died had been treated in hospital.", "Twelve people died in the fire.")
    (in_town,) = framed_quantities("The agency said 35 of the dead were in Lanvale alone.")
    assert in_town.scope == "lanvale"


def test_a_count_of_people_is_not_a_count_of_the_dead():
    assert not flags("The tower was home to hundreds of people.", "At least 30 people died in the fire.")
    assert flags("The toll has risen to 79.", "At least 30 people died in the fire.")  # a bare figure takes its frame


@pytest.mark.parametrize("left,right", [
    ("The army said it did not suffer any casualties in the raid.", "Six soldiers were killed in the raid."),
    ("The ministry said none of the rockets was intercepted by the defences.",
     "Air defences intercepted 14 rockets over the city."),
    ("Officials said all of the rockets hit their targets.", "Air defences intercepted 14 rockets over the city."),
    ("Rescuers said all of the miners have been accounted for.", "At least 12 miners are still missing."),
    ("No one was killed when the dam failed.", "Three farmers were killed when the dam failed."),
])
def test_zero_said_many_ways(left, right):
    assert flags(left, right)


@pytest.mark.parametrize("left,right", [
    ("There were no civilian casualties, the army said.", "Five soldiers were killed in the ambush."),
    ("No casualties were recorded among the police.", "Five protesters were injured in the clashes."),
    ("The fire caused 200 casualties.", "The fire killed 80 people."),  # 80 dead and 120 injured fit
    ("None of the 40 passengers were hurt in the crash.", "Two of the crew were taken to hospital."),
])
def test_zero_of_a_restricted_group_or_a_wider_total_is_no_conflict(left, right):
    assert not flags(left, right)


def test_a_zero_of_casualties_is_paired_with_counts_of_the_dead():
    assert {"category:casualty", "category:dead", "category:injured"} <= _figure_keys("There were no casualties.")
    assert "category:dead" not in _figure_keys("The blast caused 200 casualties.")


def test_crowds():
    assert flags("About 50,000 people took to the streets on Sunday, police said.",
                 "Organisers said 300,000 protesters marched on Sunday.")
    (march_month,) = framed_quantities("In March, 40 people died in the floods.")
    assert (march_month.value, march_month.category) == (40, "dead")


def test_a_conversion_in_brackets_is_said_of_what_follows():
    assert flags("The quake struck 60km (37 miles) south of Lima.", "The quake struck about 55 miles south of Lima.")


def test_equal_figures_of_unlike_things_do_not_pair_up_first():
    assert flags("Up to 20 homes were hit by 15 rockets, residents said.", "More than 20 rockets hit the town.")


def test_abbreviations_do_not_end_a_clause():
    text = "None of the drones fired by the U.S. and its allies was downed by the defences."
    (zero,) = framed_quantities(text)
    assert (zero.value, zero.category) == (0, "intercepted")


def test_graded_damage_with_word_stems():
    pair, articles = make_pair("The bridge was badly damaged in the storm.",
                               "The storm caused only minimal damage to the bridge.")
    (verdicts,) = run_judges([DegreeJudge()], [pair])
    assert combine(pair, verdicts, articles).type == "contradiction"
    # the same thing graded, but of different subjects
    for high, low in (("The president played a major role in the talks.", "The foreign minister played a minor role."),
                      ("The school suffered severe damage in the storm.", "The hospital suffered minor damage.")):
        pair, articles = make_pair(high, low)
        (verdicts,) = run_judges([DegreeJudge()], [pair])
        assert combine(pair, verdicts, articles) is None, (high, low)
    # the same subject, but not the same thing graded
    pair, articles = make_pair("Seizing the port would be a significant escalation of the navy's war on drug gangs.",
                               "The port plays a minimal role in the drug gangs' trade.")
    (verdicts,) = run_judges([DegreeJudge()], [pair])
    assert combine(pair, verdicts, articles) is None


def test_when_a_figure_was_said():
    assert reported_day("Officials said on Tuesday that 40 were dead.", "2031-03-06")[0].isoformat() == "2031-03-04"
    assert reported_day("The storm that struck on Monday killed 40.", "2031-03-06")[0].isoformat() == "2031-03-06"
    assert reported_day("Officials said on Tuesday that 40 were dead.", None) == (None, 1)


@pytest.mark.parametrize("left,right,left_published,right_published,newer", [
    ("Officials said on Tuesday that 40 people were dead.", "On Thursday the toll stood at 65 dead.", None, None,
     "right"),
    ("Officials said on Tuesday that 40 people were dead.", "The toll stood at 65 dead.", None, "2031-03-06", "right"),
    ("On Saturday officials said 40 people were dead.", "On Monday officials said 65 people were dead.", None, None,
     "right"),  # two days on, across the weekend
    ("The mayor said 22 bodies were found.", "The ministry later said 25 bodies were found.", None, None, "right"),
    ("The mayor said 22 bodies were found.", "The ministry said 25 bodies were found.", None, None, None),
    ("Officers are supporting 36 families.", "Officers have now been deployed to support 52 families.", None, None,
     "right"),
    ("The number has increased: 79 people are dead or missing.", "There are now 58 people dead or missing.", None,
     None, "left"),  # a change said outright outweighs "now"
    # a side that says its figure was the earlier one ("had said", "Earlier,") is the older report
    ("At least 30 people were killed in the floods, the mayor said.",
     "On Monday night the mayor had said at least 12 people were killed in the floods.", None, None, "left"),
    ("Earlier, the ministry reported 70 people killed in the blast.", "The ministry said 120 people died in the blast.",
     None, None, "right"),
    ("The ministry said earlier that 70 people died.", "The ministry had said earlier that 40 people died.", None, None,
     None),  # both say it: no order
])
def test_update_order_from_weekdays_and_cues(left, right, left_published, right_published, newer):
    pair, articles = make_pair(left, right, left_published, right_published)
    (verdicts,) = run_judges([QuantityJudge(HashEmbedder()), UpdateJudge()], [pair])
    finding = combine(pair, verdicts, articles)
    assert finding is not None
    assert (finding.timing.newer if finding.timing else None) == newer


def test_one_disagreement_told_many_times_is_listed_once_before_repeats():
    def finding(left, right, left_id, right_id):
        pair, articles = make_pair(left, right)
        pair.left.article_id, pair.right.article_id = left_id, right_id
        articles = {left_id: articles["a"].model_copy(update={"id": left_id}),
                    right_id: articles["b"].model_copy(update={"id": right_id})}
        (verdicts,) = run_judges([QuantityJudge(HashEmbedder())], [pair])
        return combine(pair, verdicts, articles)

    same_a = finding("At least 30 people died in the fire.", "At least 58 people died in the fire.", "a", "b")
    same_b = finding("30 people died in the fire, police said.", "58 people died in the fire.", "c", "d")
    other = finding("Firefighters said 12 people were injured.", "Police said 19 people were injured.", "e", "f")
    ranked = sort_findings([same_a, same_b, other])
    repeats = [f for f in ranked if f.same_as]
    assert len(repeats) == 1 and ranked[-1] == repeats[0]
    assert repeats[0].same_as in {same_a.id, same_b.id} - {repeats[0].id}
    about = finding("About 30 people died in the fire.", "Nearly 60 people died in the fire.", "g", "h")
    assert len([f for f in sort_findings([same_a, about]) if f.same_as]) == 1  # the same two versions, rounded
    # figures no one would round to each other are other versions: 30 against 56 is another disagreement
    near = finding("At least 30 people died in the fire.", "At least 56 people died in the fire.", "g", "h")
    assert not any(f.same_as for f in sort_findings([same_a, near]))
    assert sort_findings(ranked) == ranked  # sorting again changes nothing
    other_story = same_b.model_copy(update={"story": "bus-crash-0a1b2c"})
    assert not any(f.same_as for f in sort_findings([same_a.model_copy(update={"story": "fire-3d4e5f"}),
                                                      other_story]))  # two stories, two disagreements


@pytest.mark.parametrize("a,b,same", [
    (1_000_000, 1_030_000, True),  # "more than 1 million" / "1.03 million": the round one covers it
    (2_700, 2_750, True),
    (58, 60, True),
    (245, 233, False),  # within 5 %, but neither is a rounding of the other
    (278, 268, False),
    (38, 39, False),
    (4.7, 4.8, False),
    (100, 140, False),  # a round figure, but too far off to be the same report
    (3, 3, True),
])
def test_figures_are_one_version_when_one_is_a_rounding_of_the_other(a, b, same):
    from contradict.findings import same_version

    assert same_version(a, b) is same and same_version(b, a) is same


def test_a_zero_said_later_is_an_update():
    pair, articles = make_pair("At least 30 children were still missing on Tuesday night, he said.",
                               "On Thursday, the navy said all the school's children have been accounted for.",
                               None, "2031-03-06")
    (verdicts,) = run_judges([QuantityJudge(HashEmbedder()), UpdateJudge()], [pair])
    finding = combine(pair, verdicts, articles)
    assert finding.type == "update" and finding.timing.newer == "right"


@pytest.mark.parametrize("left", [
    "There was no immediate word on casualties.",
    "No new deaths were reported on Sunday.",
    "Officials gave no death toll.",
    "None of the victims has been named.",
    "A No 10 spokesman said the victims would be remembered.",
    "No one knows how many people died.",
    "Nobody has been charged over the deaths.",
])
def test_sentences_with_no_that_are_not_zero_counts(left):
    assert all(q.value != 0 for q in framed_quantities(left))
    assert not flags(left, "Three people were killed in the attack.")


def test_a_curly_apostrophe_negates_too():
    (zero,) = framed_quantities("The base didn’t suffer any casualties.")
    assert (zero.value, zero.category, zero.text) == (0, "casualty", "didn’t suffer any casualties")


@pytest.mark.parametrize("left,right", [
    ("Eleven people were killed in the Tuesday strike on the boat.", "Fourteen people were killed in the strike."),
    ("Eleven people were killed in the strike; funerals will be held on Saturday.",
     "Fourteen people were killed in the strike."),
    ("The Pentagon, which is now called the Department of War, said four boats were hit.",
     "The Pentagon said three boats were hit."),
])
def test_no_order_from_adjectives_plans_or_cues_about_something_else(left, right):
    pair, articles = make_pair(left, right, "2031-03-05", "2031-03-05")
    (verdicts,) = run_judges([QuantityJudge(HashEmbedder()), UpdateJudge()], [pair])
    assert combine(pair, verdicts, articles).type == "numeric"


def test_ratios_years_and_figures_outside_a_list():
    assert find_quantities("Almost one in seven residents joined the march.") == []
    assert flags("The fighting killed 120 in 2024.", "The fighting killed 300 people in 2024.")
    (toll, pulled) = framed_quantities("At least 40 people died and firefighters pulled 5 from the rubble.")
    assert toll.category == "dead" and pulled.category is None  # not a list: the 5 is not more dead



def test_ranges_increments_one_day_and_opposite_bounds():
    (between,) = find_quantities("Between 20 and 30 people died in the fire.")
    assert (between.qualifier, between.interval()) == ("range", (20, 30))
    assert not flags("Between 20 and 30 people died in the fire.", "25 people died in the fire.")
    assert flags("Between 20 and 30 people died in the fire.", "45 people died in the fire.")
    assert [q.value for q in find_quantities("The toll rose from 100 to 115.")] == [100, 115]  # a change
    assert not flags("Rescuers recovered another 15 bodies on Friday.", "Rescuers have recovered 40 bodies.")
    assert not flags("Twelve more people died overnight.", "The floods have killed 120 people.")
    assert not flags("On Tuesday alone, 40 people died.", "The floods have killed 120 people.")
    assert flags("Nearly 100 people were arrested.", "More than 100 people were arrested.")
    assert not flags("More than 4,000 personnel were deployed.", "4,000 personnel were deployed.")


@pytest.mark.parametrize("text,old", [
    ("The number of dead in the city had risen from 100 to 115 by Thursday.", "100"),
    ("Police said 15 people were killed, up from 12 on Monday.", "12"),
    ("The toll was revised down from an earlier figure of 248 to 217.", "248"),
    ("Unemployment fell from 5.1 percent to 4.9 percent in May.", "5.1 percent"),
    ("The army backed away from its original claim of 60 people killed, saying 45 died.", "60"),
    ("Officials revised the initial estimate of 70 dead to 52 dead on Friday.", "70"),
])
def test_the_figure_a_change_leaves_is_not_the_outlets_claim(text, old):
    periods = {q.text: q.period for q in framed_quantities(text)}
    assert periods.pop(old) == "superseded" and "superseded" not in periods.values()
    # set against another outlet's figure, the figure left behind is never the one compared
    other = "Unemployment was 5.3 percent in May." if "percent" in old else "Officials said 90 people had died."
    pair, _ = make_pair(text, other)
    (verdict,) = QuantityJudge(HashEmbedder()).judge([pair])
    assert verdict is not None and all(c.left != old for c in verdict.quantities)
    assert verdict.conflict or "percent" in old  # the new figure is compared with the other outlet's


@pytest.mark.parametrize("text", [
    "Residents were evacuated from 20 villages to shelters in the city.",
    "Flights from 20 countries to the capital were cancelled.",
    "The death toll rose to 40 from a storm that hit 12 towns.",
])
def test_from_without_a_change_of_the_figure_supersedes_nothing(text):
    assert all(q.period != "superseded" for q in framed_quantities(text))


def test_projectiles_sent_are_counted_apart_from_those_stopped_or_striking():
    assert [q.category for q in framed_quantities("Officials said 40 rockets were fired at the town.")] == ["launched"]
    assert flags("Officials said 40 rockets were fired at the town overnight.",
                 "The army said 52 weapons were launched at the town overnight.")  # weapons cover rockets
    assert not flags("Officials said 40 rockets were fired at the town overnight.",
                     "Officials said 12 rockets struck the town overnight.")  # sent vs striking
    assert not flags("The army launched 40 drones at the port.", "Air defences shot down 31 drones over the port.")
    assert [q.category for q in framed_quantities("The company fired 20 workers in May.")] == [None]  # not projectiles


@pytest.mark.parametrize("text,figure,recalled", [
    ("Memories of the devastating 1985 earthquake, which killed at least 10,000 people, surged on Tuesday.",
     "at least 10,000", True),
    ("It was the deadliest storm since the 2005 hurricane that killed 1,800 people.", "1,800", True),
    ("The 2011 tsunami killed more than 15,000 people along the coast.", "more than 15,000", True),
    ("The death toll rose to 245, the highest since the 1985 earthquake.", "245", False),  # the year comes after
    ("Since the 2019 protests began, 40 people have been arrested.", "40", False),  # no figure of that event
    ("A 2019 report found that 40 people died in such fires.", "40", False),  # a report is no event
    ("Previously, authorities had said that as many as 248 people had died.", "248", True),
    ("Initially, officials put the toll at 30 dead.", "30", True),
    ("It was the biggest rally since 2003, when some 750,000 people marched against the war.", "some 750,000", True),
    ("The square filled by 2 pm, when some 20,000 people were inside.", "some 20,000", False),  # a time, not a year
    ("The Russian military had previously said air defences downed 71 missiles.", "71", False),
])
def test_figures_of_an_earlier_event_or_an_earlier_report_are_past(text, figure, recalled):
    period = {q.text: q.period for q in framed_quantities(text)}[figure]
    assert (period == "past") is recalled


def test_a_recalled_event_s_toll_is_not_compared_with_the_story_s():
    def conflicts(left):
        pair, _ = make_pair(left, "The earthquake killed 245 people, officials said.")
        (verdicts,) = run_judges([QuantityJudge(HashEmbedder())], [pair])
        return any(v.conflict for v in verdicts)

    assert not conflicts("The quake struck on the anniversary of the 1985 earthquake, which killed 10,000 people.")
    assert conflicts("The quake struck on the anniversary of the earthquake, which killed 10,000 people.")  # control


@pytest.mark.parametrize("text,figure,scope", [
    ("Twelve people died in Homs and in Hama on Sunday.", "Twelve", "homs and more"),
    ("At least 30 people died in Lagos — the largest city — and in the state of Ogun.", "At least 30",
     "lagos and more"),
    ("Officials said 14 people died in Lagos, 9 in Ibadan and two in Abuja.", "14", "lagos"),  # a list: one each
    ("The mayor said the number of dead in the capital had risen from 20 to 31 by noon.", "31", "one capital"),
    ("The national toll rose to 245, officials said.", "245", None),
])
def test_the_part_of_the_story_a_figure_counts(text, figure, scope):
    assert {q.text: q.scope for q in framed_quantities(text)}[figure] == scope


def test_a_figure_of_several_places_or_of_the_capital_is_not_the_national_toll():
    for left in ("At least 40 people died in Lagos and in the state of Ogun.",
                 "The number of dead in the capital had risen from 20 to 40."):
        pair, _ = make_pair(left, "The floods killed 245 people, officials said.")
        (verdicts,) = run_judges([QuantityJudge(HashEmbedder())], [pair])
        assert not any(v.conflict for v in verdicts), left
    pair, _ = make_pair("At least 40 people died in Lagos.", "The floods killed 52 people in Lagos, officials said.")
    assert any(v.conflict for v in run_judges([QuantityJudge(HashEmbedder())], [pair])[0])  # one place: compared


def test_the_capital_is_the_capital_city_an_outlet_names():
    def conflicts(left, right):
        pair, _ = make_pair(left, right)
        return any(v.conflict for v in run_judges([QuantityJudge(HashEmbedder())], [pair])[0])

    capital = "The number of dead in the capital had risen from 20 to 40, the mayor said."
    assert conflicts(capital, "Officials said at least 31 people died in Nairobi, 12 in Mombasa and two in Kisumu.")
    assert not conflicts(capital, "Officials said at least 31 people died in Mombasa.")  # not a capital
    assert not conflicts(capital, "Officials said at least 31 people died in Nairobi and in the state of Kisumu.")
    assert not conflicts(capital, "The floods killed 31 people, officials said.")  # the national toll


def test_a_share_of_a_group_takes_the_category_of_what_happened_to_it():
    def conflicts(left, right):
        pair, _ = make_pair(left, right)
        return any(v.conflict for v in run_judges([QuantityJudge(HashEmbedder())], [pair])[0])

    shot = "The army said about 90% of the incoming rockets were shot down over the weekend."
    stopped = "Officials claimed roughly 60 percent of the rockets had been intercepted by the batteries."
    assert [q.category for q in framed_quantities(shot)] == ["intercepted"]
    assert "category:intercepted" in _figure_keys(shot) & _figure_keys(stopped)  # paired however worded
    assert conflicts(shot, stopped)
    assert not conflicts(shot, "About 60 percent of the rockets were fired from the north, officials said.")
    assert not conflicts(shot, "The batteries shot down 60 rockets, the army said.")  # a count, not a share
    # a breakdown of a category ("of the victims") is not something that happened to a group
    assert [q.category for q in framed_quantities("About 60 percent of the victims were women, police said.")] \
        == [None]
    assert [q.category for q in framed_quantities("Inflation reached 9 percent of the average wage.")] == [None]


@pytest.mark.parametrize("text,weekday", [
    ("The quake struck on Tuesday. Earlier on Thursday, the navy said the school was empty. Rescuers said on "
     "Wednesday night that two were found.", 3),  # Thursday: the latest day it reports from
    ("Tuesday's quake killed 245. The navy said it had no record of the girl.", None),  # an event's day only
    ("Officials said on Friday that 40 died. On Monday the toll stood at 65.", 0),  # over a weekend
    ("Officials said on Monday that 40 died. Police said on Wednesday that 52 had died. On Friday the toll "
     "stood at 65.", None),  # no day of them has the others within three days before it
    ("The blast struck on Tuesday evening and killed 50.", None),
])
def test_an_undated_article_s_reporting_day(text, weekday):
    from contradict.judges.update import article_weekday

    assert article_weekday(text) == weekday


def test_an_undated_article_that_reports_from_a_later_day_is_the_newer_side():
    left = "Officials said the number of people confirmed dead has been lowered to 217."
    right = "Rescuers found more bodies, bringing the overall toll from the quake to 245."  # a rise, and a fall
    pair, articles = make_pair(left, right, "2031-03-05", None)  # a Wednesday, and an undated article ...
    (verdicts,) = run_judges([QuantityJudge(HashEmbedder()), UpdateJudge()], [pair])
    assert combine(pair, verdicts, articles).type == "numeric"  # ... that names no day: no order
    pair.right_weekday = 3  # ... whose other sentences report from Thursday ("Earlier on Thursday, ...")
    (verdicts,) = run_judges([QuantityJudge(HashEmbedder()), UpdateJudge()], [pair])
    finding = combine(pair, verdicts, articles)
    assert finding.type == "update" and finding.timing.newer == "right"
    assert "Thursday (its article reports that day)" in finding.timing.basis


def test_an_undated_article_s_lead_toll():
    from contradict.judges.update import lead_toll

    assert lead_toll("Quake toll reaches 30", "Rescuers worked through the night.") == 30
    assert lead_toll("", "The quake struck at dawn. At least 58 people died, officials said. Later, 3 more.") == 58
    assert lead_toll("", "The 1985 earthquake, which killed 10,000 people, is remembered today.") is None
    assert lead_toll("Live report", "No one died in the blast, officials said.") is None
    assert lead_toll("Several dozen killed", "The blasts left at least 73 people dead, officials said.") == 73
    # a paragraph without a full stop is a sentence of its own: its "a year ago" does not date the toll after it
    assert lead_toll("Live", "The chemical was seized from a ship a year ago\n\nThe toll has risen to 50.") == 50
    assert lead_toll("", "Rescuers searched the rubble. Crews cleared roads. Schools closed. 40 people died.") is None


def test_between_undated_reports_a_much_higher_lead_toll_is_the_later_one():
    left = "Over 2,750 people are injured, the health ministry says."
    right = "More than 4,000 people were injured, the Red Cross says."

    def typed(left_toll, right_toll, right_published=None):
        pair, articles = make_pair(left, right, None, right_published)
        pair.left_toll, pair.right_toll = left_toll, right_toll
        (verdicts,) = run_judges([QuantityJudge(HashEmbedder()), UpdateJudge()], [pair])
        finding = combine(pair, verdicts, articles)
        return finding.type, finding.timing.newer if finding.timing else None

    assert typed(50, 100) == ("update", "right")
    assert typed(100, 50) == ("update", "left")
    assert typed(233, 248) == ("numeric", None)  # close tolls: a dispute as likely as a later stage
    assert typed(50, None) == ("numeric", None)
    assert typed(50, 100, "2031-03-05") == ("numeric", None)  # one side dated: its date is the evidence
    pair, _ = make_pair("The blast measured 3.5 on the scale, experts said.", "It registered 3.3, experts said.")
    pair.left_toll, pair.right_toll = 50, 100
    assert UpdateJudge().judge([pair]) == [None]  # a measure does not grow with the story


def test_a_quoted_figure_keeps_the_verb_before_its_quote():
    (q,) = framed_quantities("At dawn, the rebels fired “dozens of rockets” at the port.")
    assert (q.counted_head, q.category) == ("rocket", "launched")
    (q,) = framed_quantities("The army said air defences shot down \"14 drones\" over the city.")
    assert q.category == "intercepted"


def test_figures_orders_of_magnitude_apart_count_different_things():
    # a sub-group against the whole crowd: not one crowd counted two ways
    assert not flags("A few hundred demonstrators scuffled with riot police near the embassy.",
                     "Organisers said 800,000 demonstrators marched through the city.")
    # within two orders of magnitude it is one thing in dispute, also between vague amounts
    assert flags("Organisers said 800,000 demonstrators marched through the city.",
                 "Police said 90,000 demonstrators marched through the city.")
    assert flags("Tens of thousands of demonstrators marched through the city.",
                 "More than a million demonstrators marched through the city.")
    # a zero is a claim against any figure
    assert flags("No soldiers were killed in the attack, the ministry said.",
                 "More than 900 soldiers were killed in the attack, the rebels said.")


def test_a_fixed_quantity_reported_a_day_later_is_a_dispute_not_an_update():
    def typed(left, right, published=("2031-03-05", "2031-03-06")):
        pair, articles = make_pair(left, right, *published)
        (verdicts,) = run_judges([QuantityJudge(HashEmbedder()), UpdateJudge()], [pair])
        finding = combine(pair, verdicts, articles)
        return finding.type if finding else None

    # the size of one march does not change after it: a later report of another size disputes it
    assert typed("Organisers said 800,000 people took to the streets on Sunday.",
                 "Police said 200,000 people took to the streets on Sunday.") == "numeric"
    assert typed("The quake measured magnitude 6.1, the institute said.",
                 "The quake measured magnitude 6.4, the survey said.") == "numeric"
    # unless the later side says its figure changed
    assert typed("Organisers said 800,000 people took to the streets on Sunday.",
                 "Police later revised the figure: 300,000 people took to the streets on Sunday.") == "update"
    # nor does a side that says it was said first ("had said") make it a revision
    assert typed("Earlier, organisers had said 800,000 people took to the streets.",
                 "Police said 200,000 people took to the streets.", (None, None)) == "numeric"
    # a toll moves as the days go on: a later report of another figure is an update
    assert typed("Officials said 40 people were killed in the floods.",
                 "Officials said 65 people were killed in the floods.") == "update"
    assert typed("Earlier, officials had said 40 people were killed in the floods.",
                 "Officials said 65 people were killed in the floods.", (None, None)) == "update"


def test_a_zero_of_a_named_group_says_nothing_of_everyone_else():
    assert not flags("There were no Kenyan casualties in the raid, the army said.",
                     "Some 40 people were wounded in the raid, the rebels said.")
    assert flags("There were no Kenyan casualties in the raid, the army said.",
                 "Some 40 Kenyan soldiers were wounded in the raid, the rebels said.")
    assert flags("There were no casualties in the raid, the army said.",
                 "Some 40 people were wounded in the raid, the rebels said.")


def test_fixed_figures_of_events_on_other_days_are_other_events():
    # Tuesday's quake and Thursday's aftershock; Sunday's march and Wednesday's rally
    assert not flags("The magnitude 6.1 quake struck on Tuesday night near the coast.",
                     "A magnitude 4.9 tremor shook the coast early Thursday morning.")
    assert not flags("On Sunday 300,000 protesters took to the streets of the capital.",
                     "On Wednesday 40,000 protesters took to the streets of the capital.")
    # the same day, or a day that only says when something was said, is the same event
    assert flags("The magnitude 6.1 quake struck on Tuesday night near the coast.",
                 "The quake that struck the coast on Tuesday night measured magnitude 6.4.")
    assert flags("The quake measured magnitude 6.1, the institute said on Thursday.",
                 "The magnitude 6.4 quake struck on Tuesday night near the coast.")
    # a toll moves from day to day: figures of other days stay compared (and typed as updates)
    assert flags("By Tuesday night 40 people had died in the floods.",
                 "By Thursday 65 people had died in the floods.")
