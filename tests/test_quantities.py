import pytest

from contradict.quantities import find_quantities, parse_number_words, singular


def one(text):
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("words,value", [
    ("three", 3), ("Fourteen", 14), ("twenty-one", 21), ("four hundred", 400), ("two thousand five hundred", 2500),
    ("a dozen", None), ("dozen", 12),
])
def test_number_words(words, value):
    assert parse_number_words(words) == value


def test_qualifier_and_counted_noun():
    q = one("The strikes followed at least four US military attacks on boats.")
    assert (q.value, q.qualifier, q.kind) == (4, "at_least", "count")
    assert q.counted == "US military attacks" and q.counted_head == "attack"
    assert q.text == "at least four"


@pytest.mark.parametrize("text,qualifier", [
    ("more than 4,000 personnel", "more_than"), ("over 4,000 personnel", "more_than"),
    ("nearly 50 people", "nearly"), ("just under 50 people", "nearly"),
    ("under 50 people", "less_than"), ("about 50 people", "about"), ("at most 50 people", "at_most"),
    ("no fewer than 50 people", "at_least"), ("50 people", "exact"),
])
def test_qualifiers(text, qualifier):
    assert one(text).qualifier == qualifier


def test_money_percent_and_scale():
    money = one("The reward rose to $50 million last month.")
    assert (money.kind, money.unit, money.value) == ("money", "$", 50_000_000)
    pct = one("Turnout fell 3.5% in the city.")
    assert (pct.kind, pct.value) == ("percent", 3.5)
    assert one("It cost 2 billion euros.").value == 2_000_000_000


def test_names_dates_and_times_are_not_counts():
    assert find_quantities("F-35 jets and COVID-19 cases") == []
    assert find_quantities("since Sept. 2 the navy has waited") == []
    assert find_quantities("within three weeks of the vote") == []
    (year,) = find_quantities("He was indicted in 2020.")
    assert year.kind == "year"


def test_spans_point_into_text():
    text = "Officials said at least 17 people died and twenty-one were hurt."
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.text


def test_singular():
    assert [singular(w) for w in ["strikes", "boats", "people", "countries", "witnesses", "bus"]] == \
        ["strike", "boat", "person", "country", "witness", "bus"]


def test_interval_semantics():
    assert one("at least 3 boats").interval()[0] == 3
    lo, hi = one("about 100 boats").interval()
    assert lo < 100 < hi


@pytest.mark.parametrize("a,b,conflict", [
    ("nearly 75% of the shells", "nearly 70% of the shells", True),  # 'nearly 75' is over 70, or it says 'nearly 70'
    ("nearly 60 people", "58 people", False),
    ("almost 4,000 people", "3,500 people", True),  # within 10 % below, not 500 short
    ("almost 4,000 people", "3,900 people", False),
    ("nearly 100 people", "100 people", False),  # equal figures agree: news rounds
    ("nearly 100 people", "more than 100 people", True),
    ("just under 50 people", "49 people", False),
    ("under 50 people", "12 people", False),  # a plain bound: anything below
])
def test_nearly_is_close_below_and_under_is_any_amount_below(a, b, conflict):
    from contradict.judges.quantity import relation

    assert (relation(one(a), one(b)) is not None) is conflict
    assert (relation(one(b), one(a)) is not None) is conflict


@pytest.mark.parametrize("value,step", [(1_000_000, 1_000_000), (2_700, 100), (245, 1), (4.7, 0.1), (0, 1),
                                        (1.03e6, 10_000), (0.25, 0.01), (float("inf"), float("inf"))])
def test_the_step_of_a_figures_last_digit(value, step):
    from contradict.quantities import last_digit_step

    assert last_digit_step(value) == pytest.approx(step)


@pytest.mark.parametrize("text,counted", [
    ("four more people were trapped", "people"), ("12 other victims were named", "victims"),
    ("3 new cases were reported", "cases"), ("20 more bodies were found", "bodies"),
    ("5 more than last year", None),  # a comparison, not an increment of something
])
def test_an_increment_word_between_figure_and_noun_is_skipped(text, counted):
    assert one(text).counted == counted


@pytest.mark.parametrize("text,value,shown", [
    ("The company pledged half a billion dollars for the repairs.", 500_000_000, "half a billion"),
    ("A quarter of a million people signed the petition.", 250_000, "A quarter of a million"),
    ("Three quarters of a million voters stayed home.", 750_000, "Three quarters of a million"),
    ("A million people signed the petition.", 1_000_000, "million"),
])
def test_a_fraction_of_a_scale_word_is_its_share(text, value, shown):
    (q,) = find_quantities(text)  # one figure: "Three" of "three quarters" is not a count of quarters
    assert q.value == pytest.approx(value) and q.text == shown


def test_n_or_more_is_a_lower_bound_of_the_noun_after_it():
    (q,) = find_quantities("Rockets hit two or more villages overnight.")
    assert (q.value, q.qualifier, q.counted_head) == (2, "at_least", "village")
    (q,) = find_quantities("Ten or fewer ships remain in port.")
    assert (q.value, q.qualifier, q.counted_head) == (10, "at_most", "ship")
    assert find_quantities("Sales rose by two or more than three times.")[0].qualifier == "exact"
