import json

from contradict.ingest import ingest

STORY = "The council approved the budget on Monday after a long debate.\nCritics said the plan cuts school funding."


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.write_bytes if isinstance(data, bytes) else path.write_text)(data)
    return path


def base(article_id):
    """An article id without its content hash: ``sub/b@1a2b3c4d`` -> ``sub/b``."""
    return article_id.rsplit("@", 1)[0]


def reasons(result):
    return {s.path.split("/")[-1]: s.reason for s in result.skipped}


def test_bad_files_are_skipped_with_reasons_and_the_rest_is_read(tmp_path):
    write(tmp_path / "good.txt", STORY)
    write(tmp_path / "README.md", "# About this corpus\n\nCollected in March.")  # describes, is not an article
    write(tmp_path / "empty.txt", "")
    write(tmp_path / "blank.txt", "  \n\n ")
    write(tmp_path / "binary.txt", b"\x00\x01\x02PNG")
    write(tmp_path / "broken.json", '{"text": "unterminated')
    write(tmp_path / "notext.json", json.dumps({"title": "no body"}))
    write(tmp_path / "slides.pdf", b"%PDF-1.4")
    with open(tmp_path / "huge.txt", "wb") as fh:  # 50 MB, sparse: cheap to make
        fh.truncate(50 * 1024 * 1024)
    result = ingest([tmp_path])
    assert [base(a.id) for a in result.articles] == ["good"]
    why = reasons(result)
    assert why["empty.txt"] == "empty file"
    assert "white space" in why["blank.txt"]
    assert "binary" in why["binary.txt"]
    assert "invalid JSON" in why["broken.json"]
    assert "no article text" in why["notext.json"]
    assert "unsupported file type '.pdf'" in why["slides.pdf"]
    assert "50.0 MB" in why["huge.txt"]
    assert all(str(tmp_path) in s.path for s in result.skipped)  # every reason names its file


def test_manifest_metadata_and_defaults(tmp_path):
    write(tmp_path / "a.txt", STORY)
    write(tmp_path / "sub" / "b.md", "# Budget passes\n\nThe council [approved](http://x) the budget on **Monday**.")
    write(tmp_path / "manifest.jsonl", json.dumps({"file": "a.txt", "outlet": "Courier", "url": "http://c/a",
                                                   "published": "2025-03-03"}) + "\nnot json\n")
    result = ingest([tmp_path])
    by_id = {base(a.id): a for a in result.articles}
    assert by_id["a"].outlet == "Courier" and by_id["a"].url == "http://c/a" and by_id["a"].published == "2025-03-03"
    assert by_id["sub/b"].outlet == "b"  # the file stem
    assert "The council approved the budget on Monday." in by_id["sub/b"].text
    assert any("manifest.jsonl:2" in w and "line ignored" in w for w in result.warnings)


def test_jsonl_bad_line_skips_only_that_line(tmp_path):
    lines = [json.dumps({"id": "x1", "text": STORY, "source": "Wire"}), "{oops", json.dumps({"text": STORY + " More."})]
    write(tmp_path / "feed.jsonl", "\n".join(lines))
    result = ingest([tmp_path])
    assert [base(a.id) for a in result.articles] == ["x1", "feed#3"]
    assert result.articles[0].outlet == "Wire"
    assert [s.path.endswith("feed.jsonl:line 2") for s in result.skipped] == [True]


def test_html_goes_through_the_extractor(tmp_path):
    html = ("<html><head><title>Budget</title><meta property='og:site_name' content='Courier'></head><body>"
            "<nav>Home | Sport | Weather</nav><article><h1>Budget passes</h1>"
            "<p>The council approved the budget on Monday after a long debate about school funding.</p>"
            "<p>Critics said the plan cuts too deeply into school funding and will be challenged.</p></article>"
            "<footer>Copyright Courier Media</footer></body></html>")
    write(tmp_path / "page.html", html)
    (article,) = ingest([tmp_path]).articles
    assert "approved the budget" in article.text and "Home | Sport" not in article.text
    assert article.outlet == "Courier"


# --- language: the embedder and the NLI model read English only ------------------------------------------

SPANISH = ("El Ayuntamiento de Valencia aprobó el lunes un presupuesto de 950 millones de euros para el próximo "
           "año, tras un largo debate en el pleno. La oposición criticó que el plan recorta la financiación de las "
           "escuelas públicas y anunció que presentará un recurso ante los tribunales.")
ARABIC = ("أعلنت وزارة الصحة يوم الاثنين أن عدد ضحايا الزلزال الذي ضرب المنطقة الجبلية ارتفع إلى ما لا يقل عن "
          "مئة وعشرين شخصا، فيما لا يزال العشرات في عداد المفقودين. وقال مسؤولون إن فرق الإنقاذ تواصل البحث "
          "بين الأنقاض رغم سوء الأحوال الجوية.")
ENGLISH = {
    "quake.txt": "Officials in Amatrice said on Wednesday that at least 120 people had died after a magnitude 6.2 "
                 "earthquake struck central Italy overnight. Rescue teams from Rome and Perugia worked through the "
                 "rubble as aftershocks shook the region, and the Red Cross appealed for blood donations.",
    # names and places from Spanish-speaking countries, and a quote in Spanish, inside an English report
    "names.txt": "Maduro, Petro and Sheinbaum met in Bogotá on Tuesday. Venezuela's foreign minister Yván Gil said "
                 "Caracas would not accept the US strikes near Puerto Cabello. According to El País, Colombia's "
                 "defence ministry confirmed three boats were hit off La Guajira.",
    "quote.md": "# Barcelona tightens rules\n\nThe mayor of Barcelona, Jaume Collboni, told reporters: \"No vamos a "
                "permitir que esto vuelva a ocurrir.\" He later said in English that the city would review its rules "
                "for tourist flats and raise fines to 600,000 euros for repeat offenders, a policy that drew "
                "criticism from landlords.",
    "headline.txt": "BREAKING: Trump, Xi to meet Oct 30 in Busan",  # short, the detector's guess is not English
    "figures.txt": "Q3 2025: 1,204 / 1,187 / 1,311 (+4.2%) | 98.6 | 2,450,000 | 17 | 11 | 0.3%",
}


def test_non_english_articles_are_skipped_with_the_language_named(tmp_path):
    write(tmp_path / "valencia.txt", SPANISH)
    write(tmp_path / "zilzal.txt", ARABIC)
    write(tmp_path / "feed.jsonl", "\n".join(json.dumps({"text": t}) for t in (ENGLISH["quake.txt"], SPANISH)))
    write(tmp_path / "markup.txt", "[a](" * 3000 + "\n| 1 | 2 | 3 |\n" + SPANISH)  # read from its prose, not its markup
    for name, text in ENGLISH.items():
        write(tmp_path / name, text)
    result = ingest([tmp_path])
    assert sorted(base(a.id) for a in result.articles) == ["feed#1", "figures", "headline", "names", "quake", "quote"]
    why = reasons(result)
    assert why == {"valencia.txt": "not English (detected: es); the models read English only",
                   "zilzal.txt": "not English (detected: ar); the models read English only",
                   "markup.txt": "not English (detected: es); the models read English only",
                   "feed.jsonl:line 2": "not English (detected: es); the models read English only"}
    assert all(str(tmp_path) in s.path for s in result.skipped)  # each names its file
    assert not [w for w in result.warnings if "English" in w]  # the English texts are not even doubted


def test_a_short_foreign_text_is_kept_with_a_warning_not_skipped_on_a_guess(tmp_path):
    write(tmp_path / "corto.txt", "El gobierno aprobó el presupuesto el lunes.")  # 7 words: too few to be sure
    result = ingest([tmp_path])
    assert [base(a.id) for a in result.articles] == ["corto"] and not result.skipped
    (warning,) = result.warnings
    assert "corto.txt" in warning and "may not be English (detected: es, only 7 words)" in warning


def test_seed_articles_are_english_including_the_spun_copy():
    from tests.conftest import SEEDS

    result = ingest([SEEDS])
    assert len(result.articles) == 5 and not result.skipped and not result.warnings
    assert any(base(a.id).startswith("004_") for a in result.articles)  # machine-"spun" English


def test_language_check_is_deterministic(tmp_path):
    from contradict.ingest import detect_language

    for name, text in {"es.txt": SPANISH, "ar.txt": ARABIC, **ENGLISH}.items():
        write(tmp_path / name, text)
    runs = [ingest([tmp_path]) for _ in range(3)]
    assert all(r.model_dump() == runs[0].model_dump() for r in runs)
    guesses = {detect_language(SPANISH * 40).model_dump_json() for _ in range(3)}  # only the opening is read
    assert len(guesses) == 1 and detect_language(SPANISH * 40).language == "es"


def test_the_language_check_reads_its_knobs_from_the_settings(tmp_path):
    from contradict.settings import Settings

    write(tmp_path / "es.txt", SPANISH)
    assert [s.reason.startswith("not English") for s in ingest([tmp_path]).skipped] == [True]
    for lenient in (Settings(language_min_words=10_000), Settings(language_min_confidence=1.0)):
        result = ingest([tmp_path], language=lenient.language_check())  # never sure enough to skip it
        assert len(result.articles) == 1 and not result.skipped
