"""One configuration for a Finder: the knobs that shape pairing and judging, each with its unit and where
its default came from.

    from contradict import Finder, Settings
    finder = Finder(settings=Settings(k=15, min_pair_similarity=0.3))
    finder = Finder(settings=Settings.load("contradict.toml"))

``contradict config [--config FILE]`` prints the effective settings; ``scan``, ``index`` and ``vet`` take
``--config FILE``, and read ``contradict.toml`` from the working directory when there is one.  A TOML file
holds ``name = value`` lines at the top or under ``[contradict]``; an unknown name is an error naming the
file and the name (a typo must not silently leave a default in place).

The calibrated defaults (pairing floor, counted similarity, stories, drafts) are read from
``contradict/data/calibrated.json``, which the calibration code writes with the data, rule and figures
behind each (``source`` below and in ``contradict config``); the others are set here, each with its source.
Stages take a ``Settings`` (or the values of one) and fall back on ``defaults()``.  The NLI model's contradiction
threshold belongs to the model (``models/*/thresholds.json``), not here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from contradict.thresholds import CALIBRATED

CONFIG_FILE = "contradict.toml"


def _knob(default, unit: str, source: str, **limits):
    return Field(default, description=unit, json_schema_extra={"unit": unit, "source": source}, **limits)


def _calibrated(name: str, **limits):
    """A knob whose default the calibration code wrote (``contradict/data/calibrated.json``), with its provenance."""
    entry = CALIBRATED[name]
    return _knob(entry.value, entry.unit, entry.source(), **limits)


class NeighbourSearch(BaseModel):
    """How ``CorpusIndex.search`` finds nearest claims: a flat scan below ``approximate_from`` claims, an HNSW
    graph of degree ``graph_degree`` from there (``Settings.neighbour_search()``)."""

    model_config = ConfigDict(frozen=True)

    approximate_from: int
    graph_degree: int
    ef_construction: int
    ef_search: int


class LanguageCheck(BaseModel):
    """Which articles are read as English (``ingest.language_problem``): skipped only when the detector is
    ``min_confidence`` sure another language is used on at least ``min_words`` words of the opening
    ``sample_chars`` characters of prose (``Settings.language_check()``)."""

    model_config = ConfigDict(frozen=True)

    sample_chars: int
    min_words: int
    min_confidence: float


class SettingsError(ValueError):
    """A configuration file that cannot be used; one line naming it and the problem."""


class Settings(BaseModel):
    """The Finder's knobs (frozen: a Finder's behaviour cannot change under it)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    k: int = _knob(10, "claims", "nearest neighbours looked at per claim; recall first (README)", ge=1)
    by_story: bool = _knob(True, "yes/no", "pair claims within the stories found (issue 11)")
    min_pair_similarity: float = _calibrated("min_pair_similarity", ge=-1.0, le=1.0)
    figure_partners: int = _knob(
        20, "claims", "partners a claim keeps among claims counting the same kind of thing (pair.py)", ge=0)
    min_figure_pair_similarity: float = _knob(
        0.2, "cosine", "below it, two figures of one category are of different stories (pair.py)", ge=-1.0, le=1.0)
    near_copy_overlap: float = _knob(
        0.9, "share", "content words two claims share from which they are one sentence copied (unless a figure or "
        "negation differs): not paired (pair.py)", ge=0.0, le=1.0)
    language_min_confidence: float = _knob(
        0.9, "probability", "an article is skipped as not English only when the detector (py3langid) is this "
        "sure; below, it is read with a warning (ingest.py)", ge=0.0, le=1.0)
    language_min_words: int = _knob(20, "words", "under this, a detector guesses: a shorter text is never skipped "
                                    "for its language (ingest.py)", ge=0)
    language_sample_chars: int = _knob(2000, "characters", "the opening of an article's prose tells its "
                                       "language; the rest only costs time (ingest.py)", ge=100)
    approximate_from_claims: int = _knob(
        50_000, "claims", "from this many claims, neighbours come from an HNSW graph, not a flat scan: "
        "scripts/bench_ann.py on 25,452 claims (1,000 articles, one thread, 2-core EPYC): flat 12.5 s, graph "
        "22.0 s, recall 0.9965; the flat scan grows as n^2, the graph as n log n: they cross near 50,000 "
        "(index.py)", ge=1)
    hnsw_neighbours: int = _knob(32, "links", "the HNSW graph's degree M (index.py; bench_ann.py)", ge=2)
    hnsw_ef_construction: int = _knob(80, "candidates", "kept while the graph is built (index.py; bench_ann.py)",
                                      ge=1)
    hnsw_ef_search: int = _knob(96, "candidates", "kept while searching: recall 0.9965 against exact search at "
                                "25,452 claims (index.py; bench_ann.py)", ge=1)
    min_counted_similarity: float = _calibrated("min_counted_similarity", ge=-1.0, le=1.0)
    incompatible_confidence: float = _knob(
        0.9, "0-1", "a quantity conflict whose figures cannot both hold (before the weighing by how alike the "
        "sentences are; judges/quantity.py)", ge=0.0, le=1.0)
    different_bounds_confidence: float = _knob(
        0.75, "0-1", "two differing bounds ('at least three' / 'at least four')", ge=0.0, le=1.0)
    about_slack_share: float = _knob(
        0.1, "share of the figure", "'about'/'nearly' in news copy allows roughly 10 % either way "
        "(quantities.py)", ge=0.0)
    about_slack_min: float = _knob(
        0.5, "figure units", "the least slack of 'about N' (half a unit: 'about 3' is not 4; quantities.py)", ge=0.0)
    max_figure_ratio: float = _knob(
        100.0, "ratio", "two non-zero figures this many times apart count different things (the few hundred who "
        "clashed with police against a march of a million), not one thing two ways; development stories: annotated "
        "conflicts differ by at most 10.3 times, and all 19 findings 1,000 or more times apart set a sub-group "
        "against a crowd (judges/quantity.py)", gt=1.0)
    degree_confidence: float = _knob(0.7, "0-1", "opposite degrees of one thing, as sure as two differing lower "
                                     "bounds (judges/degree.py)", ge=0.0, le=1.0)
    degree_min_shared: int = _knob(2, "words", "content words two graded claims share at least (judges/degree.py)",
                                   ge=0)
    degree_subject_words: int = _knob(8, "words", "content words from the start of a claim that may name its "
                                      "subject (judges/degree.py)", ge=1)
    polarity_confidence: float = _knob(0.75, "0-1", "a denial of what the other side asserts "
                                       "(judges/polarity.py)", ge=0.0, le=1.0)
    update_toll_step: float = _knob(
        1.5, "ratio", "between two undated reports nothing else orders, one whose lead death toll is this many "
        "times the other's is the later one; development stories: undated stages 30/58 and 50/100 (1.9-2.0), "
        "same-time disputes 233/245/248 (within 1.07) (judges/update.py)", gt=1.0)
    agreement_bonus: float = _knob(0.05, "score", "added when two or more judges flag a pair (findings.py)",
                                   ge=0.0, le=1.0)
    same_version: float = _knob(0.05, "share", "figures this close are one version ('1.03 million' / 'more than 1 "
                                "million'): a repeat of a disagreement is listed after the distinct ones "
                                "(findings.py)", ge=0.0, le=1.0)
    story_distance: float = _calibrated("story_distance", ge=0.0)
    story_embedding_weight: float = _calibrated("story_embedding_weight", ge=0.0, le=1.0)
    story_same_time_days: float = _knob(7, "days", "articles a week apart can still follow one event (tolls are "
                                        "revised for days): no time term (stories.py)", ge=0)
    story_apart_days: float = _knob(30, "days", "a month apart: another event, whatever the words (the time term "
                                    "rises to 1 by then; stories.py)", gt=0)
    draft_batch_size: int = _knob(8, "texts", "a draft's claims are encoded this many a model call, padded: a few "
                                  "dozen claims are of nearly as many token lengths, and one call per length was "
                                  "slower (51 claims, 2 threads, median of 15: 0.43-0.53 s in padded batches of 8, "
                                  "0.59-0.78 s by length; padded batches of 64: 1.14 s)", ge=1)
    draft_story_distance: float = _calibrated("draft_story_distance", ge=0.0)
    draft_story_min_claims: int = _calibrated("draft_story_min_claims", ge=1)
    copy_align_similarity: float = _knob(0.8, "cosine", "two claims this close can be one sentence copied "
                                         "(families.py)", ge=-1.0, le=1.0)
    copy_gram_overlap: float = _knob(0.5, "share", "or sharing this share of their word 3-grams (families.py)",
                                     ge=0.0, le=1.0)
    copy_spun_similarity: float = _knob(0.5, "cosine", "or this close with skeletons that overlap: one sentence "
                                        "spun (families.py)", ge=-1.0, le=1.0)
    copy_skeleton_overlap: float = _knob(0.25, "share", "stopword 3-grams shared by a spun pair; test texts: spun "
                                         "sentences 0.19-1.0 (median 0.47), an independent report's best match "
                                         "<= 0.21 (families.py)", ge=0.0, le=1.0)
    copy_min_chain: int = _knob(3, "claims", "claims aligned in one order, at least, for two articles to be copies "
                                "(families.py)", ge=1)
    copy_min_coverage: float = _knob(0.6, "share", "of the shorter text's claims aligned (families.py)",
                                     ge=0.0, le=1.0)
    copy_verbatim_overlap: float = _knob(0.9, "share", "word 3-grams of the shorter copy found in the other: "
                                         "verbatim (families.py)", ge=0.0, le=1.0)
    copy_light_edit_overlap: float = _knob(0.5, "share", "... light edit; below it, spun (families.py)",
                                           ge=0.0, le=1.0)
    relay_lede_claims: int = _knob(3, "claims", "an upstream named once in the first claims is the article's "
                                   "source (families.py)", ge=0)
    agree_similarity: float = _knob(0.8, "cosine", "a statement this close to one side of a finding says the same "
                                    "(the claim table; pairing's paraphrases)", ge=-1.0, le=1.0)
    agree_figure_similarity: float = _knob(0.5, "cosine", "a sentence stating the same figure this close counts the "
                                           "same thing (the claim table)", ge=-1.0, le=1.0)
    min_claim_words: int = _knob(5, "words", "shorter sentences are not claims (segment.py)", ge=0)
    headline_claim_words: int = _knob(10, "words", "a line without closing punctuation is a claim from this long, "
                                      "else a heading unless it states a figure (segment.py)", ge=0)
    max_claim_chars: int = _knob(1000, "characters", "longer sentences are not claims: a run-on list or a table "
                                 "(segment.py)", ge=1)
    max_chunk_chars: int = _knob(2000, "characters", "long paragraphs go to the sentence splitter in pieces this "
                                 "long (linear time; segment.py)", ge=100)
    embedding_precision: Literal["fp32", "bf16"] = _knob(
        "fp32", "fp32 / bf16", "fp32: the same vectors on every CPU; bf16 (autocast) embeds about twice as fast where "
        "the CPU has bf16 in hardware (1,500 claims, one thread: 18.0 s against 36.3), vectors within cosine "
        "0.99997 of fp32's; an index keeps the one it was built in (embed.py)")
    nli: bool = _knob(True, "yes/no", "run the NLI judge (evidence on flagged pairs at its calibrated threshold)")
    nli_model: Path | None = _knob(None, "directory", "the NLI model; unset: the shipped models/nli-minilm-l6")
    nli_precision: str = _knob("auto", "bf16 / int8 / fp32 / auto", "auto: bf16 on AMX CPUs, else int8 (nli_model.py)")

    def stories(self) -> dict:
        """The story knobs as ``contradict.stories.find_stories`` takes them."""
        return {"threshold": self.story_distance, "embedding_weight": self.story_embedding_weight,
                "same_time_days": self.story_same_time_days, "apart_days": self.story_apart_days}

    def pairing(self) -> dict:
        """The pairing knobs as ``contradict.pair.corpus_pairs`` takes them."""
        return {"min_similarity": self.min_pair_similarity, "figure_partners": self.figure_partners,
                "min_figure_similarity": self.min_figure_pair_similarity, "near_copy_overlap": self.near_copy_overlap,
                "search": self.neighbour_search()}

    def neighbour_search(self):
        """How ``CorpusIndex.search`` finds neighbours (flat scan or HNSW graph, and the graph's knobs)."""
        return NeighbourSearch(approximate_from=self.approximate_from_claims, graph_degree=self.hnsw_neighbours,
                               ef_construction=self.hnsw_ef_construction, ef_search=self.hnsw_ef_search)

    def language_check(self) -> LanguageCheck:
        """Which articles ingest reads as English."""
        return LanguageCheck(sample_chars=self.language_sample_chars, min_words=self.language_min_words,
                             min_confidence=self.language_min_confidence)

    def segmenting(self) -> dict:
        """The segmenter's knobs: an index keeps the sentences they made (``Finder.scan_index``)."""
        return {"min_claim_words": self.min_claim_words, "headline_claim_words": self.headline_claim_words,
                "max_claim_chars": self.max_claim_chars, "max_chunk_chars": self.max_chunk_chars}

    def quantity_confidence(self) -> dict[str, float]:
        """The quantity judge's confidence per relation."""
        return {"incompatible": self.incompatible_confidence, "different_bounds": self.different_bounds_confidence}

    @classmethod
    def load(cls, path: str | Path) -> Settings:
        """Settings from a TOML file (``SettingsError`` names the file and what is wrong)."""
        path = Path(path)
        try:
            import tomllib
        except ImportError:  # Python 3.10
            raise SettingsError(f"{path}: reading TOML needs Python 3.11 or later") from None
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise SettingsError(f"{path}: cannot read the configuration ({exc.strerror or exc})") from None
        except (ValueError, UnicodeDecodeError) as exc:  # tomllib.TOMLDecodeError is a ValueError
            raise SettingsError(f"{path}: not valid TOML ({exc})") from None
        data = data.get("contradict", data)
        unknown = sorted(set(data) - set(cls.model_fields))
        if unknown:
            raise SettingsError(f"{path}: unknown setting {unknown[0]!r} (known: {', '.join(cls.model_fields)})")
        try:
            return cls(**data)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise SettingsError(f"{path}: {'.'.join(map(str, first['loc']))}: {first['msg']}") from None

    @classmethod
    def find(cls, path: str | Path | None = None) -> Settings:
        """``path`` if given, else ``contradict.toml`` in the working directory if there is one, else defaults."""
        if path is not None:
            return cls.load(path)
        here = Path(CONFIG_FILE)
        return cls.load(here) if here.is_file() else cls()

    def describe(self) -> str:
        """Each setting as ``name = value`` (TOML) with its unit and where its default came from."""
        lines = ["[contradict]"]
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            extra = field.json_schema_extra or {}
            note = f"  # {extra.get('unit', '')}; {extra.get('source', '')}"
            if value is None:  # unset: a commented line (TOML has no null), the default applies
                lines.append(f'# {name} = ""{note}')
                continue
            shown = ("true" if value else "false") if isinstance(value, bool) else \
                f'"{value}"' if isinstance(value, (str, Path)) else repr(value)
            lines.append(f"{name} = {shown}{note}")
        return "\n".join(lines)


@lru_cache(maxsize=1)
def defaults() -> Settings:
    """The default settings, built once: what a stage uses when it is given none."""
    return Settings()
