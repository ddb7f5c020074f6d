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
