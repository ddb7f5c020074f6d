"""Read a corpus (a directory, recursively, or files) into cleaned ``Article``s.

Formats: ``.txt .md .html/.htm .json .jsonl``.  Metadata (outlet, url, title, published) comes from a
``manifest.jsonl`` beside the files (``{"file": "a.txt", "outlet": ..., ...}`` a line), from the fields
of a JSON item, or from the HTML page; the outlet defaults to the file stem.  A file that cannot be
read, or an article that is surely not English (the models read English only), becomes a ``SkippedFile``
with a one-line reason naming it; the rest of the corpus goes on.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from contradict.clean import clean_text
from contradict.safeio import display, read_head
from contradict.schema import Article, SkippedFile
from contradict.settings import LanguageCheck, defaults

_DEFAULT_LANGUAGE = defaults().language_check()  # which articles are read as English, unless given

SUPPORTED = {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl"}
MANIFEST_NAME = "manifest.jsonl"
# A corpus folder may document itself; such files describe the corpus and are not articles.
CORPUS_DOC_STEMS = {"readme", "license", "licence", "changelog", "notes"}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024  # a news article is tens of KB; 5 MB is a dump, not an article
_TEXT_FIELDS = ("text", "content", "body", "article", "maintext")
_OUTLET_FIELDS = ("outlet", "source", "publisher", "site", "sitename", "domain")
_DATE_FIELDS = ("published", "date", "published_at", "date_publish", "pubdate")
# The keys every line of a findings file (this tool's own output) has: such a file is never an article.
FINDING_KEYS = frozenset({"schema_version", "id", "type", "score", "left", "right", "evidence"})
CLAIM_TABLE_KEYS = frozenset({"schema_version", "cluster", "story", "versions"})  # a claims.jsonl line
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


class ManifestEntry(BaseModel):
    file: str
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    story: str | None = None  # which story the file belongs to: overrides the grouping found by contradict.stories


class IngestResult(BaseModel):
    articles: list[Article] = Field(default_factory=list)
    skipped: list[SkippedFile] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    # what each file gave, keyed by its bytes and all its reading depends on (``ReadFiles``): kept with a
    # saved index, so that the next scan reads only the files that changed
    read_files: list[str] = Field(default_factory=list)
    reused_files: int = 0  # files whose record matched: taken from the saved index, not read


class InputError(ValueError):
    """A file that cannot be turned into an article; the message is the one-line reason."""


def as_paths(paths: str | os.PathLike | Iterable[str | os.PathLike]) -> list[Path]:
    """``paths`` as a list of ``Path``s: a single string or path is one path, not its characters."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    out = []
    for item in paths:
        if isinstance(item, bytes):
            item = os.fsdecode(item)
        if not isinstance(item, (str, os.PathLike)):
            raise TypeError(f"expected file or directory paths, got {type(item).__name__} {item!r}")
        out.append(Path(item))
    return out


def _index_dir(directory: Path, cache: dict[Path, bool]) -> bool:
    """Is ``directory`` a saved index (whose files must not be read as articles)?"""
    if directory not in cache:
        from contradict.index import _looks_like_index

        cache[directory] = _looks_like_index(directory)
    return cache[directory]


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[SkippedFile]]:
    """Candidate files under ``paths`` in a stable order (sorted, each file once, whatever the order of
    ``paths``), and the ones passed over.  Inside a directory, hidden entries, saved indexes and symbolic
    links leading out of it are passed over; a file named directly is read wherever it is."""
    files: dict[Path, Path] = {}
    skipped: list[SkippedFile] = []
    index_dirs: dict[Path, bool] = {}

    def skip(path: Path, reason: str) -> None:
        skipped.append(SkippedFile(path=display(path), reason=reason))

    for root in as_paths(paths):
        try:
            is_dir, is_file = root.is_dir(), root.is_file()
        except OSError as exc:
            skip(root, f"cannot read ({exc.strerror or exc})")
            continue
        if is_dir:
            real_root = root.resolve()
            try:
                candidates = sorted(root.rglob("*"))
            except OSError as exc:
                skip(root, f"cannot list the directory ({exc.strerror or exc})")
                continue
            for path in candidates:
                relative = path.relative_to(root)
                if any(part.startswith(".") for part in relative.parts):
                    continue
                try:
                    if path.is_dir():
                        continue
                    resolved = path.resolve()
                    if not resolved.is_relative_to(real_root):
                        skip(path, f"symbolic link to {display(resolved)}, outside the corpus {display(root)}; "
                                   "not read (name the file itself to read it)")
                        continue
                    if not path.is_file():
                        skip(path, "not a regular file")
                        continue
                except OSError as exc:
                    skip(path, f"cannot read ({exc.strerror or exc})")
                    continue
                if path.name == MANIFEST_NAME or path.stem.lower() in CORPUS_DOC_STEMS:
                    continue
                if _index_dir(path.parent, index_dirs):
                    continue  # a saved index inside the corpus: this tool's own output
                if path.suffix.lower() in SUPPORTED:
                    files.setdefault(resolved, path)
                else:
                    skip(path, f"unsupported file type '{display(path.suffix) or '(none)'}' "
                               f"(reads {', '.join(sorted(SUPPORTED))})")
        elif is_file:
            files.setdefault(root.resolve(), root)
        else:
            skip(root, "no such file or directory")
    return [files[k] for k in sorted(files)], skipped


def read_manifests(paths: Iterable[str | Path]) -> tuple[dict[Path, ManifestEntry], list[str]]:
    """Manifest entries by resolved file path, from every ``manifest.jsonl`` under ``paths``."""
    entries: dict[Path, ManifestEntry] = {}
    warnings: list[str] = []
    manifests: set[Path] = set()
    for root in as_paths(paths):
        try:
            if root.is_dir():
                manifests.update(p for p in root.rglob(MANIFEST_NAME) if p.is_file())
            elif (root.parent / MANIFEST_NAME).is_file():  # a file named alone keeps its manifest's metadata
                manifests.add(root.parent / MANIFEST_NAME)
        except OSError:
            continue
    for manifest in sorted({m.resolve(): m for m in manifests}.values()):
        try:
            lines = manifest.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            warnings.append(f"{display(manifest)}: manifest not read ({exc}); its files get default metadata")
            continue
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = ManifestEntry.model_validate_json(line)
            except ValidationError as exc:
                problem = exc.errors()[0]
                warnings.append(f"{display(manifest)}:{number}: bad manifest line ({problem['msg']}); "
                                "line ignored")
                continue
            target = (manifest.parent / entry.file).resolve()
            if not target.exists():
                warnings.append(f"{display(manifest)}:{number}: names {display(entry.file)}, which does not exist")
            entries[target] = entry
    return entries, warnings


def _non_latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if not unicodedata.name(c, "").startswith("LATIN")) / len(letters)


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str]:
    """(text, encoding) of the file, or ``InputError`` saying why it is not usable text.

    A byte-order mark names the encoding (UTF-8/16/32); otherwise UTF-8, and when that fails the
    detector's pick (charset-normalizer) if it reads as a non-Latin script, else Windows-1252/Latin-1.
    """
    return decode_bytes(load_bytes(path, max_bytes))


def load_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, or ``InputError`` when it is empty or over ``max_bytes`` (``OSError`` when it
    cannot be read)."""
    size = path.stat().st_size
    if size == 0:
        raise InputError("empty file")
    if size > max_bytes:
        raise InputError(f"file is {size / 1_048_576:.1f} MB, over the {max_bytes / 1_048_576:.0f} MB limit "
                         "for one article (raise it with --max-file-mb)")
    return path.read_bytes()


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a file's bytes (``read_text``), or ``InputError``."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"not {encoding.upper()} text despite its byte-order mark (bad bytes at offset "
                                 f"{exc.start})") from None
            break
    else:
        if b"\x00" in data[:8192]:
            raise InputError("binary file (contains NUL bytes), not text")
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            text, encoding = _decode_legacy(data, exc)
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise InputError(f"binary file (NUL characters in the {encoding} text), not text")
    if not text.strip():
        raise InputError("file has only white space")
    return text, encoding


def _decode_legacy(data: bytes, error: UnicodeDecodeError) -> tuple[str, str]:
    where = f"byte 0x{data[error.start]:02x} at offset {error.start}"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:262144]).best()
    except Exception:  # noqa: BLE001 - the detector is a help, never a reason to fail
        best = None
    if best is not None and best.encoding:
        try:
            guess = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            guess = None
        if guess is not None and _non_latin_share(guess) > 0.5:
            return guess, best.encoding
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f")
        if controls > max(2, len(text) // 100):
            break
        return text, encoding
    raise InputError(f"not UTF-8 text ({where}) and no other text encoding fits; convert it to UTF-8")


def decode(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The file's text, or ``InputError`` saying why it is not usable text."""
    return read_text(path, max_bytes)[0]


def is_findings_file(path: str | Path, head: str | None = None) -> bool:
    """Is this a findings JSONL (or a claim table) written by this tool (its first record has their fields)?"""
    head = read_head(path, 65536) if head is None else head
    if head is None:
        return False
    for line in head.splitlines():
        if line.strip():
            try:
                first = json.loads(line)
            except (ValueError, RecursionError):
                return False
            return isinstance(first, dict) and (FINDING_KEYS <= first.keys() or CLAIM_TABLE_KEYS <= first.keys())
    return False


def _own_output(suffix: str, text: str) -> str | None:
    """"a verdicts file" / "an HTML report" when ``text`` is one of this tool's other outputs, else None."""
    if suffix in (".html", ".htm"):
        from contradict.html_report import is_report_file

        return "an HTML report" if is_report_file("", text[:4096]) else None
    if suffix == ".jsonl" and text.lstrip()[:1] == "{":
        from contradict.verdicts import looks_like_verdicts

        try:
            first = json.loads(text.lstrip().split("\n", 1)[0])
        except (ValueError, RecursionError):
            return None
        return "a verdicts file" if looks_like_verdicts(first) else None
    return None


_MD_TARGET = r"\((?:[^()\s]*)(?:[ \t]+\"[^\"\n]{0,300}\")?\)"  # (url) or (url "title")
_MD_IMAGE = re.compile(r"!\[[^\[\]\n]*\]" + _MD_TARGET)
_MD_LINK = re.compile(r"\[([^\[\]\n]+)\]" + _MD_TARGET)


def _markdown_to_text(text: str) -> str:
    # Neither part can run past the next bracket, parenthesis or line end, so the patterns stay linear in
    # the length of the text (an unclosed "![" repeated a million times is read once, not a million times).
    text = _MD_IMAGE.sub("", text)  # images
    text = _MD_LINK.sub(r"\1", text)  # links keep their words
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.M)  # heading marks
    return re.sub(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))", "", text)  # emphasis marks


def _html_to_item(text: str) -> dict:
    import trafilatura

    doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, include_tables=False,
                                      favor_precision=True)
    if doc is None or not (doc.text or "").strip():
        raise InputError("HTML page has no article text that could be extracted")
    return {"text": doc.text, "title": doc.title, "url": doc.url, "published": doc.date, "outlet": doc.sitename}


def _first(item: dict, fields: tuple[str, ...]) -> str | None:
    for name in fields:
        value = item.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _json_items(path: Path, text: str) -> list[tuple[str, dict | None, str | None]]:
    """(label, item, problem) for each article in a .json or .jsonl file."""
    if path.suffix.lower() == ".jsonl":
        out = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                out.append((f"line {number}", None, f"invalid JSON ({exc.msg} at column {exc.colno})"))
                continue
            except RecursionError:
                out.append((f"line {number}", None, "JSON nested too deeply to be an article"))
                continue
            out.append((f"line {number}", item, None))
        return out
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise InputError("JSON nested too deeply to be an article") from None
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    items = data if isinstance(data, list) else [data]
    return [(f"item {i + 1}", item, None) for i, item in enumerate(items)] if len(items) > 1 else \
        [("", items[0] if items else None, None if items else "JSON list is empty")]


def content_id(base: str, source: str, outlet: str, url: str | None, title: str | None,
               published: str | None, story: str | None = None) -> str:
    """``relative/path@1a2b3c4d``: the file's path under its corpus root, plus a short hash of its content
    and metadata.  The same file with the same metadata keeps its id however the corpus is listed and
    whatever else is added; two files with one relative name in different folders (``day1/story.txt``,
    ``day2/story.txt``) or an edited file get different ids."""
    # a story label joins the key only when given, so ids of articles without one stay as they were
    key = json.dumps([source, outlet, url, title, published] + ([story] if story else []), ensure_ascii=False)
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{base}@{digest}"


def _article(path: Path, base_id: str, item: dict, entry: ManifestEntry | None, source: str) -> Article:
    raw = _first(item, _TEXT_FIELDS)
    if raw is None:
        raise InputError(f"no article text (expected one of the fields {', '.join(_TEXT_FIELDS)})")
    text, removed = clean_text(raw)
    if not text.strip():
        raise InputError("nothing left after removing page furniture")
    meta = entry.model_dump() if entry else {}
    outlet = meta.get("outlet") or _first(item, _OUTLET_FIELDS) or path.stem
    url = meta.get("url") or _first(item, ("url", "link"))
    title = meta.get("title") or _first(item, ("title", "headline"))
    published = meta.get("published") or _first(item, _DATE_FIELDS)
    story = (meta.get("story") or "").strip() or _first(item, ("story",))
    own = item.get("id")
    own = str(own).strip() if isinstance(own, (str, int)) and not isinstance(own, bool) else ""
    return Article(id=own or content_id(base_id, source, outlet, url, title, published, story), outlet=outlet,
                   url=url, title=title, published=published, path=str(path), text=text, removed=removed,
                   story=story)


# --- language ---------------------------------------------------------------------------------------------
# The embedder and the NLI model read English only: an article in another language is skipped, not misread.
# py3langid's English-based pidgin (Nigerian Pidgin) is what informal or name-heavy English is mistaken for.
_ENGLISH_LIKE = ("en", "pcm")
_NOT_A_LANGUAGE = {"zxx", "und"}  # "no linguistic content" (figures, tables): not a reason to skip


class LanguageGuess(BaseModel):
    language: str  # the most likely language (ISO 639 code; "zxx" no language, "und" no prose to read)
    confidence: float  # P(that language)
    not_english: float  # P(any language other than English), summed over the detector's labels
    words: int  # how much text the guess rests on (words; for scripts without spaces, letters / 5)


_IDENTIFIER: list = []


def _identifier():
    if not _IDENTIFIER:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        # norm_probs: calibrated probabilities (a softmax tempered by the text's length), not raw scores
        _IDENTIFIER.append(LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True))
    return _IDENTIFIER[0]


_LETTER = re.compile(r"[^\W\d_]")
_SPACE = re.compile(r"\s")


def _prose_sample(text: str, sample_chars: int = _DEFAULT_LANGUAGE.sample_chars) -> str:
    """The opening ``sample_chars`` of ``text``'s prose: lines that are mostly letters, so that a
    run of markup, figures or symbols ("[a]([a](...", a table) is not what the language is read from.
    Each line is looked at over its first ``sample_chars`` only: linear in the text's length."""
    parts, size = [], 0
    for m in re.finditer(r"[^\n]+", text):
        piece = text[m.start():min(m.end(), m.start() + sample_chars)].strip()
        visible = len(piece) - len(_SPACE.findall(piece))
        # prose is mostly letters (3/4 and more; vowel marks of Arabic or Hebrew bring it nearer 1/2)
        if visible and len(_LETTER.findall(piece)) >= 0.5 * visible:
            parts.append(piece)
            size += len(piece) + 1
            if size >= sample_chars:
                break
    return "\n".join(parts)[:sample_chars]


def detect_language(text: str, sample_chars: int = _DEFAULT_LANGUAGE.sample_chars) -> LanguageGuess:
    """The language of the opening prose of ``text`` (py3langid: naive Bayes over byte n-grams, offline,
    no randomness, so the same text always gets the same answer)."""
    sample = _prose_sample(text, sample_chars)
    if not sample:
        return LanguageGuess(language="und", confidence=0.0, not_english=0.0, words=0)
    words = max(len(re.findall(r"[^\W\d_]+", sample)), len(_LETTER.findall(sample)) // 5)
    ranked = _identifier().rank(sample)
    english = sum(p for lang, p in ranked if lang in _ENGLISH_LIKE)
    top, p = ranked[0]
    return LanguageGuess(language=top, confidence=float(p), not_english=float(max(0.0, 1.0 - english)),
                         words=words)


def language_problem(text: str, check: LanguageCheck | None = None) -> tuple[str | None, str | None]:
    """(reason to skip, warning) for an article's text: a skip when the detector is sure the text is not
    English (``check.min_confidence``, on at least ``check.min_words`` words; default: ``Settings``'), a
    warning when it leans that way on too little text or too weakly to be sure, else neither."""
    check = check or _DEFAULT_LANGUAGE
    guess = detect_language(text, check.sample_chars)
    if guess.language in _ENGLISH_LIKE or guess.language in _NOT_A_LANGUAGE or guess.not_english < 0.5 \
            or guess.words < check.min_words // 4:  # a few words (a headline, a line of figures): no opinion
        return None, None
    if guess.not_english >= check.min_confidence and guess.words >= check.min_words:
        return f"not English (detected: {guess.language}); the models read English only", None
    basis = f"only {guess.words} words" if guess.words < check.min_words else \
        f"confidence {guess.not_english:.2f}"
    return None, f"may not be English (detected: {guess.language}, {basis}); read as English"


def _skip(result: IngestResult, where: str, reason: str) -> None:
    result.skipped.append(SkippedFile(path=display(where), reason=reason))


@dataclass
class FileResult:
    """What one file gave (``read_file``): (where, article or skipped part) in file order (``where``: the
    file, or the file and item, ``a.jsonl:line 3``), and warnings."""

    outcomes: list[tuple[str, Article | SkippedFile]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _skipped(where: str, reason: str) -> SkippedFile:
    return SkippedFile(path=display(where), reason=reason)


def file_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes | FileResult:
    """The bytes of ``path`` for ``read_file``, or the ``FileResult`` that skips it (empty, too large,
    unreadable): an engine that reads files in one place and parses them in another (``ray_engine``)."""
    try:
        return load_bytes(path, max_bytes)
    except InputError as exc:
        return FileResult(outcomes=[(str(path), _skipped(str(path), str(exc)))])
    except OSError as exc:
        return FileResult(outcomes=[(str(path), _skipped(str(path), f"cannot read ({exc.strerror or exc})"))])


def read_file(path: Path, base_id: str, entry: ManifestEntry | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
              data: bytes | None = None, language: LanguageCheck | None = None) -> FileResult:
    """One file of a corpus: its articles (one, or one per item of a JSON list or JSONL line) and what was
    skipped with its reason, in order.  ``base_id``: the file's path under its corpus root, without suffix
    (``ingest`` works it out); ``entry``: its manifest line; ``data``: its bytes when already read
    (``file_bytes``), else the file is read here.  Ids are not checked against other files' (``ingest``
    does that, in corpus order)."""
    result = FileResult()
    try:
        if data is None:
            data = load_bytes(path, max_bytes)
        text, encoding = decode_bytes(data)
        if encoding not in ("utf-8", "utf-8-sig"):
            result.warnings.append(f"{display(path)}: not UTF-8, read as {encoding}")
        suffix = path.suffix.lower()
        if text.lstrip()[:1] == "{" and is_findings_file(path, text[:65536]):
            raise InputError("a findings file or claim table written by contradict (its own output), "
                             "not an article")
        own = _own_output(suffix, text)
        if own:
            raise InputError(f"{own} written by contradict (its own output), not an article")
        if suffix in (".json", ".jsonl"):
            items = _json_items(path, text)
        elif suffix in (".html", ".htm"):
            items = [("", _html_to_item(text), None)]
        elif suffix in (".md", ".markdown"):
            items = [("", {"text": _markdown_to_text(text)}, None)]
        else:
            items = [("", {"text": text}, None)]
    except InputError as exc:
        result.outcomes.append((str(path), _skipped(str(path), str(exc))))
        return result
    except OSError as exc:
        result.outcomes.append((str(path), _skipped(str(path), f"cannot read ({exc.strerror or exc})")))
        return result
    except RecursionError:
        result.outcomes.append((str(path), _skipped(str(path), "nested too deeply to be read")))
        return result
    for n, (label, item, problem) in enumerate(items):
        where = f"{path}{':' + label if label else ''}"
        if problem is None and not isinstance(item, dict):
            problem = "expected a JSON object with the article text"
        if problem:
            result.outcomes.append((where, _skipped(where, problem)))
            continue
        article_id = base_id if len(items) == 1 else f"{base_id}#{n + 1}"
        try:
            source = text if suffix not in (".json", ".jsonl") else \
                json.dumps(item, sort_keys=True, ensure_ascii=False, default=str)
            article = _article(path, article_id, item, entry, source)
        except InputError as exc:
            result.outcomes.append((where, _skipped(where, str(exc))))
            continue
        except (RecursionError, ValueError, TypeError) as exc:
            result.outcomes.append((where, _skipped(where, f"cannot be read as an article ({type(exc).__name__})")))
            continue
        not_english, doubt = language_problem(article.text, language)
        if not_english:
            result.outcomes.append((where, _skipped(where, not_english)))
            continue
        if doubt:
            result.warnings.append(f"{display(where)}: {doubt}")
        result.outcomes.append((where, article))
    return result


class CorpusFile(BaseModel):
    """A file to read, as ``plan`` lists it: where it is, its id's base and its manifest line."""

    path: Path
    base_id: str
    entry: ManifestEntry | None = None


def plan(paths: str | Path | Iterable[str | Path]) -> tuple[list[CorpusFile], IngestResult]:
    """The files of a corpus to read, in order, and an ``IngestResult`` holding what was passed over and
    the manifests' warnings so far; ``read_file`` reads each, ``gather`` puts them together."""
    paths = as_paths(paths)
    files, skipped = discover(paths)
    manifest, warnings = read_manifests(paths)
    result = IngestResult(skipped=skipped, warnings=warnings)
    roots = []
    for p in paths:
        try:
            if p.is_dir():
                roots.append(p.resolve())
        except OSError:
            continue
    roots.sort(key=lambda r: (len(r.parts), str(r)))  # the outermost root names a file: order-independent
    out = []
    for path in files:
        try:
            resolved = path.resolve()
        except OSError as exc:
            _skip(result, str(path), f"cannot read ({exc.strerror or exc})")
            continue
        root = next((r for r in roots if resolved.is_relative_to(r)), resolved.parent)
        base_id = resolved.relative_to(root).with_suffix("").as_posix()
        out.append(CorpusFile(path=path, base_id=base_id, entry=manifest.get(resolved)))
    return out, result


def gather(result: IngestResult, read: Iterable[FileResult]) -> IngestResult:
    """``result`` (from ``plan``) with what each file gave, in corpus order; an article whose id an earlier
    one took is skipped as a duplicate."""
    used_ids: set[str] = set()
    for file in read:
        result.warnings.extend(file.warnings)
        for where, outcome in file.outcomes:
            if isinstance(outcome, SkippedFile):
                result.skipped.append(outcome)
            elif outcome.id in used_ids:
                _skip(result, where, f"duplicate article id '{display(outcome.id)}'")
            else:
                used_ids.add(outcome.id)
                result.articles.append(outcome)
    return result


READ_FILES = "read_files"  # the index attachment ``ReadFiles`` is saved as


class ReadFiles:
    """What each file gave when a corpus was last read, so that a re-scan parses, cleans and language-checks
    only the files that changed (reading 1,000 unchanged articles again took 5.8 s, 4.1 of it the language
    check).  A file's key digests its bytes and everything its reading depends on: its path, id, manifest
    line, the size limit, the language check and the package's code; its articles are taken from the saved
    index (``articles``), so a file whose articles the index no longer holds (no claims) is read again."""

    def __init__(self, lines: Iterable[str] | None = None, articles: dict[str, Article] | None = None) -> None:
        self.entries: dict[str, dict] = {}
        for line in lines or ():
            try:
                entry = json.loads(line)
                self.entries[entry["key"]] = entry
            except (ValueError, KeyError, TypeError):
                continue  # a damaged line: that file is read again
        self.articles = articles or {}

    @staticmethod
    def key(file: CorpusFile, data: bytes, max_bytes: int, language: LanguageCheck | None, code: str) -> str:
        digest = hashlib.blake2b(digest_size=16)
        for part in (str(file.path), file.base_id, file.entry.model_dump_json() if file.entry else "",
                     str(max_bytes), (language or _DEFAULT_LANGUAGE).model_dump_json(), code):
            digest.update(part.encode() + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str) -> FileResult | None:
        """The file's result as last read, or None when it must be read."""
        entry = self.entries.get(key)
        if entry is None:
            return None
        try:
            outcomes: list[tuple[str, Article | SkippedFile]] = []
            for where, article_id, reason in entry["outcomes"]:
                if article_id is None:
                    outcomes.append((where, _skipped(where, reason)))
                elif article_id in self.articles:
                    outcomes.append((where, self.articles[article_id]))
                else:
                    return None
            result = FileResult(outcomes=outcomes, warnings=list(entry["warnings"]))
        except (ValueError, KeyError, TypeError):
            return None
        return result

    @staticmethod
    def merge(*lines: Iterable[str]) -> list[str]:
        """Lines of several readings, one a file (the last reading of it wins), damaged lines dropped."""
        kept: dict[str, str] = {}
        for line in (line for group in lines for line in group):
            try:
                kept[json.loads(line)["key"]] = line
            except (ValueError, KeyError, TypeError):
                continue
        return list(kept.values())

    @staticmethod
    def line(key: str, result: FileResult) -> str:
        outcomes = [(where, o.id, None) if isinstance(o, Article) else (where, None, o.reason)
                    for where, o in result.outcomes]
        return json.dumps({"key": key, "outcomes": outcomes, "warnings": result.warnings}, ensure_ascii=False)


def ingest(paths: str | Path | Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES,
           progress: bool = False, language: LanguageCheck | None = None,
           known: ReadFiles | None = None) -> IngestResult:
    """Every readable article under ``paths`` (a path, or several); unreadable inputs are listed in
    ``skipped``; ``language``: which articles are read as English (default: ``Settings``'); ``known``: what
    files gave when last read (``ReadFiles``): those unchanged are not read again.  The result does not
    depend on the order of ``paths``, nor on what was known."""
    from contradict.verdict_cache import _code_digest

    files, result = plan(paths)
    code = _code_digest()
    if progress:
        from tqdm import tqdm

        files = tqdm(files, desc="read", unit="file")

    def read(file: CorpusFile) -> FileResult:
        data = file_bytes(file.path, max_bytes)
        if isinstance(data, FileResult):
            return data  # unreadable, empty or too large: said again, nothing kept
        key = ReadFiles.key(file, data, max_bytes, language, code)
        done = known.get(key) if known is not None else None
        if done is None:
            done = read_file(file.path, file.base_id, file.entry, max_bytes, data=data, language=language)
        else:
            result.reused_files += 1
        result.read_files.append(ReadFiles.line(key, done))
        return done

    return gather(result, (read(f) for f in files))
