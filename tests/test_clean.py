from contradict.clean import clean_text, split_paragraphs

STORY = [
    "The council approved the budget on Monday after a long debate.",
    "Critics said the plan cuts too deeply into school funding.",
]


def kinds(removed):
    return sorted({b.kind for b in removed})


def test_recommendation_list_after_heading_is_removed():
    text = "\n".join(STORY + ["Recommended for you", "Ten gadgets you need this summer",
                              "Star striker signs record deal", "Weather: rain all week"])
    cleaned, removed = clean_text(text)
    assert "gadgets" not in cleaned and "striker" not in cleaned
    assert kinds(removed) == ["recommendations"]
    assert all(line in cleaned for line in STORY)


def test_trailing_headline_run_without_heading_is_removed():
    text = "\n".join(STORY + ["Local team wins cup final", "Storm warning for the coast", "Markets slide again"])
    cleaned, removed = clean_text(text)
    assert "Markets slide" not in cleaned and kinds(removed) == ["recommendations"]


def test_social_embed_with_signature_and_post_text():
    text = "\n".join([STORY[0], "Breaking: the vote passed 7-2 tonight",
                      "— City Desk (@citydesk) March 3, 2025", "Photos from the chamber pic.twitter.com/AbC123",
                      STORY[1]])
    cleaned, removed = clean_text(text)
    assert "@citydesk" not in cleaned and "pic.twitter.com" not in cleaned and "vote passed" not in cleaned
    assert kinds(removed) == ["social_embed"]
    assert STORY[1] in cleaned


def test_link_lines_disclaimer_masthead_credit():
    text = "\n".join([
        "Daily Courier logo", "Monday, March 3, 2025", "Politics 2 hours ago", STORY[0],
        "See also: Mayor faces recall vote", STORY[1],
        "This content is for informational purposes only and does not constitute investment advice.",
        "Jane Roe contributed to this report.",
    ])
    cleaned, removed = clean_text(text)
    assert cleaned == "\n\n".join(STORY)
    assert kinds(removed) == ["credit", "disclaimer", "link_line", "masthead"]


def test_repeated_paragraphs_are_dropped_once_kept_once():
    cleaned, removed = clean_text("\n".join(STORY + STORY))
    assert cleaned == "\n\n".join(STORY)
    assert [b.kind for b in removed] == ["repeat", "repeat"]


def test_one_disclaimer_cue_is_not_enough():
    text = "The author has covered the council for ten years and knows its members well."
    cleaned, removed = clean_text(text)
    assert cleaned == text and removed == []


def test_hard_wrapped_paragraphs_are_joined():
    text = ("The council approved the budget on Monday after a long\ndebate that ran late into the night and\n"
            "ended with a narrow vote.\n\nCritics objected.")
    assert split_paragraphs(text) == [
        "The council approved the budget on Monday after a long debate that ran late into the night and "
        "ended with a narrow vote.", "Critics objected."]


def test_ordinary_news_sentences_that_mention_logos_or_authors_stay():
    from contradict.clean import clean_text

    text = ("The airline unveiled a new logo on Monday, officials said.\n\n"
            "Police said the author has not been identified and the suspect holds no positions in the company.\n\n"
            "The Daily Planet logo\n\n"
            "Not a recommendation to buy or sell. The author holds no positions in the stocks mentioned.")
    cleaned, removed = clean_text(text)
    assert "unveiled a new logo" in cleaned and "author has not been identified" in cleaned
    assert {b.kind for b in removed} == {"masthead", "disclaimer"}
    assert "Daily Planet logo" not in cleaned and "Not a recommendation" not in cleaned
