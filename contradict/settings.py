"""One configuration for a Finder: the knobs that shape pairing and judging, each with its unit and where
its default came from.

    from contradict import Finder, Settings
    finder = Finder(settings=Settings(k=15, min_pair_similarity=0.3))
    finder = Finder(settings=Settings.load("contradict.toml"))

``contradict config [--config FILE]`` prints the effective settings; ``scan``, ``index`` and ``vet`` take
``--config FILE``, and read ``contradict.toml`` from the working directory when there is one.  A TOML file
holds ``name = value`` lines at the top or under ``[contradict]``; an unknown name is an error naming the
file and the name (a typo must not silently leave a default in place).

The defaults are the calibrated values of the modules that use them (``contradict.thresholds`` and the
stages); their data and rule are written beside each there, and in ``source`` below.  The NLI model's
contradiction threshold belongs to the model (``models/*/thresholds.json``), not here.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from contradict.findings import AGREEMENT_BONUS, SAME_VERSION
from contradict.judges import degree, polarity, quantity
from contradict.pair import FIGURE_PARTNERS, MIN_FIGURE_PAIR_SIMILARITY
from contradict.thresholds import (DRAFT_STORY_DISTANCE, DRAFT_STORY_MIN_CLAIMS, MIN_COUNTED_SIMILARITY,
                                   MIN_PAIR_SIMILARITY, STORY_DISTANCE, STORY_EMBEDDING_WEIGHT)

CONFIG_FILE = "contradict.toml"


def _knob(default, unit: str, source: str, **limits):
    return Field(default, description=unit, json_schema_extra={"unit": unit, "source": source}, **limits)


class SettingsError(ValueError):
    """A configuration file that cannot be used; one line naming it and the problem."""


class Settings(BaseModel):
    """The Finder's knobs (frozen: a Finder's behaviour cannot change under it)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    k: int = _knob(10, "claims", "nearest neighbours looked at per claim; recall first (README)", ge=1)
    by_story: bool = _knob(True, "yes/no", "pair claims within the stories found (issue 11)")
    min_pair_similarity: float = _knob(
        MIN_PAIR_SIMILARITY, "cosine", "scripts/calibrate.py: 10th percentile of related NLI pairs (thresholds.py)",
        ge=-1.0, le=1.0)
    figure_partners: int = _knob(
        FIGURE_PARTNERS, "claims", "partners a claim keeps among claims counting the same kind of thing (pair.py)",
        ge=0)
    min_figure_pair_similarity: float = _knob(
        MIN_FIGURE_PAIR_SIMILARITY, "cosine", "below it, two figures of one category are of different stories "
        "(pair.py)", ge=-1.0, le=1.0)
    min_counted_similarity: float = _knob(
        MIN_COUNTED_SIMILARITY, "cosine", "scripts/calibrate.py: best F1 on 2,335 quantity pairs (thresholds.py)",
        ge=-1.0, le=1.0)
    incompatible_confidence: float = _knob(
        quantity.CONFIDENCE["incompatible"], "0-1", "a quantity conflict whose figures cannot both hold (before "
        "the weighing by how alike the sentences are; judges/quantity.py)", ge=0.0, le=1.0)
    different_bounds_confidence: float = _knob(
        quantity.CONFIDENCE["different_bounds"], "0-1", "two differing bounds ('at least three' / 'at least four')",
        ge=0.0, le=1.0)
    degree_confidence: float = _knob(degree.CONFIDENCE, "0-1", "opposite degrees of one thing (judges/degree.py)",
                                     ge=0.0, le=1.0)
    polarity_confidence: float = _knob(polarity.CONFIDENCE, "0-1", "a denial of what the other side asserts "
                                       "(judges/polarity.py)", ge=0.0, le=1.0)
    agreement_bonus: float = _knob(AGREEMENT_BONUS, "score", "added when two or more judges flag a pair "
                                   "(findings.py)", ge=0.0, le=1.0)
    same_version: float = _knob(SAME_VERSION, "share", "figures this close are one version: a repeat of a "
                                "disagreement is listed after the distinct ones (findings.py)", ge=0.0, le=1.0)
    story_distance: float = _knob(STORY_DISTANCE, "distance", "scripts/calibrate_stories.py: 184 mixed corpora of "
                                  "the development stories (thresholds.py)", ge=0.0)
    story_embedding_weight: float = _knob(STORY_EMBEDDING_WEIGHT, "share", "embeddings against names in the story "
                                          "distance (thresholds.py)", ge=0.0, le=1.0)
    draft_story_distance: float = _knob(DRAFT_STORY_DISTANCE, "distance", "leave-one-out drafts of the "
                                        "development stories (thresholds.py)", ge=0.0)
    draft_story_min_claims: int = _knob(DRAFT_STORY_MIN_CLAIMS, "claims", "shorter drafts are vetted against the "
                                        "whole index (thresholds.py)", ge=1)
    nli: bool = _knob(True, "yes/no", "run the NLI judge (evidence on flagged pairs at its calibrated threshold)")
    nli_model: Path | None = _knob(None, "directory", "the NLI model; unset: the shipped models/nli-minilm-l6")
    nli_precision: str = _knob("auto", "bf16 / int8 / fp32 / auto", "auto: bf16 on AMX CPUs, else int8 (nli_model.py)")

    def stories(self) -> dict:
        """The story knobs as ``contradict.stories.find_stories`` takes them."""
        return {"threshold": self.story_distance, "embedding_weight": self.story_embedding_weight}

    def pairing(self) -> dict:
        """The pairing knobs as ``contradict.pair.corpus_pairs`` takes them."""
        return {"min_similarity": self.min_pair_similarity, "figure_partners": self.figure_partners,
                "min_figure_similarity": self.min_figure_pair_similarity}

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
