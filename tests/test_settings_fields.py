"""Every numeric constant that shapes findings is a field of Settings: a module-level UPPER_CASE number (or a
dict/tuple of numbers) in the judging modules fails this test unless it is listed below as no knob, with why."""

import ast
from pathlib import Path

from contradict.settings import Settings

PACKAGE = Path(__file__).resolve().parents[1] / "contradict"
# Training, calibration and evaluation are not the runtime: their numbers are experiment settings.
OUTSIDE = {"nli", "calibration"}

# True non-knobs: formats, conversions, vocabularies and sentinels; changing them changes no threshold.
NOT_KNOBS = {
    "schema.py": {"SCHEMA_VERSION"},  # the output format's version
    "safeio.py": {"DEFAULT_LOCK_TIMEOUT"},  # how long a writer waits for an index lock, not what it finds
    "quantities.py": {"_UNITS", "_TENS", "_SCALES", "_SCALE_ABBREV", "NUMBER_WORDS", "_VAGUE_UNITS", "_FRACTION_VALUE",
                      "_ORDINAL_WORDS"},  # number words and their values: vocabulary, not thresholds
    "findings.py": {"KIND_SPECIFICITY"},  # an order of kinds (figures over sentences), not a magnitude
    "stories.py": {"_LABEL_APART"},  # sentinel distance above any threshold: manifest labels never merge
    "context.py": {"CONTEXT_SENTENCES", "CONTEXT_CHARS"},  # how much paragraph the report shows, not findings
    "ingest.py": {"DEFAULT_MAX_BYTES"},  # the --max-file-mb default of the command line
    "judges/quantity.py": {"CONTEXT_CACHE"},  # how many context vectors a judge keeps: memory, not judgement
    "verdict_cache.py": {"CACHE_FORMAT"},  # the saved verdicts' format version
    "index.py": {"INDEX_FORMAT"},  # the saved index's format version
    "runtime.py": {"TRACE_FORMAT", "TRACE_CACHE_BYTES"},  # the traces' format version; the cache's disk budget
    # How far a grammar rule of the parsers looks, like the word windows of frames.category_of and the {1,5} of
    # their patterns: part of the rule's wording (tested on written sentences), not a threshold set on data
    "frames.py": {"_PLACE_REACH", "CLAUSE_REACH"},
    "claims.py": {"_MIN_WORDS"},
    # how the Ray engine spreads work over its workers: the batches of model calls are the local engine's
    "ray_engine.py": {"FILES_PER_BATCH", "BLOCKS_PER_WORKER", "BATCHES_PER_ACTOR"},
}
# Knobs still read as module constants, to be threaded through as Settings fields.  Each is a known gap,
# not an exemption: the list may only shrink (it is empty: every knob is a Settings field).
NOT_YET_SETTINGS: dict[str, set[str]] = {}


def _numeric(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
    if isinstance(node, ast.UnaryOp):
        return _numeric(node.operand)
    if isinstance(node, ast.BinOp):
        return _numeric(node.left) and _numeric(node.right)
    if isinstance(node, ast.Dict):
        return any(_numeric(v) for v in node.values if v is not None)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return bool(node.elts) and all(_numeric(e) for e in node.elts)
    return False


def numeric_constants() -> dict[str, set[str]]:
    """Module-level UPPER_CASE names bound to numbers, by file (relative to the package)."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in OUTSIDE:
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] \
                if isinstance(node, ast.AnnAssign) and node.value is not None else []
            for target in targets:
                if isinstance(target, ast.Name) and target.id.lstrip("_").isupper() and _numeric(node.value):
                    found.setdefault(relative.as_posix(), set()).add(target.id)
    return found


def test_numeric_module_constants_are_settings_fields_or_listed_non_knobs():
    unexplained = {file: names - NOT_KNOBS.get(file, set()) - NOT_YET_SETTINGS.get(file, set())
                   for file, names in numeric_constants().items()}
    unexplained = {file: sorted(names) for file, names in unexplained.items() if names}
    assert not unexplained, f"numeric constants that shape findings belong in Settings: {unexplained}"


def test_the_lists_name_only_constants_that_exist():
    """An entry whose constant is gone (moved into Settings) must leave the lists, so they cannot go stale."""
    found = numeric_constants()
    for listing in (NOT_KNOBS, NOT_YET_SETTINGS):
        for file, names in listing.items():
            assert names <= found.get(file, set()), (file, sorted(names - found.get(file, set())))


def test_the_walk_finds_constants(tmp_path):
    """The walk is not blind: the listed non-knobs are found where they are."""
    found = numeric_constants()
    assert "SCHEMA_VERSION" in found["schema.py"] and "NUMBER_WORDS" in found["quantities.py"]


def test_each_setting_has_a_unit_and_a_source():
    for name, field in Settings.model_fields.items():
        extra = field.json_schema_extra or {}
        assert extra.get("unit") and extra.get("source"), name


def test_the_stages_read_their_knobs_from_the_settings_they_are_given():
    from contradict.judges.degree import DegreeJudge
    from contradict.judges.polarity import PolarityJudge
    from contradict.judges.quantity import QuantityJudge, relation
    from contradict.quantities import find_quantities
    from contradict.schema import Article
    from contradict.segment import segment
    from tests.conftest import HashEmbedder

    about, exact = find_quantities("about 100 boats")[0], find_quantities("112 boats")[0]
    assert relation(about, exact) == "incompatible"  # "about" allows 10 % by default
    assert relation(about, exact, Settings(about_slack_share=0.2)) is None

    short = Article(id="a", outlet="o", path="a", text="Four boats were hit.")
    assert not segment(short)[0].is_claim and segment(short, Settings(min_claim_words=4))[0].is_claim

    custom = Settings(degree_subject_words=3, degree_min_shared=1, degree_confidence=0.6, polarity_confidence=0.5,
                      incompatible_confidence=0.8, min_counted_similarity=0.4)
    degree = DegreeJudge(settings=custom)
    assert (degree.subject_words, degree.min_shared, degree.confidence) == (3, 1, 0.6)
    assert PolarityJudge(settings=custom).confidence == 0.5
    quantity = QuantityJudge(HashEmbedder(), settings=custom)
    assert quantity.confidence["incompatible"] == 0.8 and quantity.min_counted_similarity == 0.4
    # explicit arguments (the pipeline's current call) still win over the settings
    assert QuantityJudge(HashEmbedder(), 0.3, settings=custom).min_counted_similarity == 0.3
    assert set(Settings().stories()) == {"threshold", "embedding_weight", "same_time_days", "apart_days"}
