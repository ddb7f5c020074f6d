"""Read a corpus (a directory, recursively, or files) into cleaned ``Article``s.

Formats: ``.txt .md .html/.htm .json .jsonl``.  Metadata (outlet, url, title, published) comes from a
``manifest.jsonl`` beside the files (``{"file": "a.txt", "outlet": ..., ...}`` a line), from the fields
of a JSON item, or from the HTML page; the outlet defaults to the file stem.  A file that cannot be
read becomes a ``SkippedFile`` with a one-line reason naming it; the rest of the corpus goes on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from contradict.clean import clean_text
from contradict.schema import Article, SkippedFile

SUPPORTED = {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl"}
MANIFEST_NAME = "manifest.jsonl"
# A corpus folder may document itself; such files describe the corpus and are not articles.
CORPUS_DOC_STEMS = {"readme", "license", "licence", "changelog", "notes"}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024  # a news article is tens of KB; 5 MB is a dump, not an article
_TEXT_FIELDS = ("text", "content", "body", "article", "maintext")
_OUTLET_FIELDS = ("outlet", "source", "publisher", "site", "sitename", "domain")
_DATE_FIELDS = ("published", "date", "published_at", "date_publish", "pubdate")


class ManifestEntry(BaseModel):
    file: str
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None


class IngestResult(BaseModel):
    articles: list[Article] = Field(default_factory=list)
    skipped: list[SkippedFile] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class InputError(ValueError):
    """A file that cannot be turned into an article; the message is the one-line reason."""


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[SkippedFile]]:
    """Candidate files under ``paths`` in a stable order, and the ones passed over."""
    files: list[Path] = []
    skipped: list[SkippedFile] = []
    for root in map(Path, paths):
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if not path.is_file() or any(part.startswith(".") for part in path.relative_to(root).parts):
                    continue
                if path.name == MANIFEST_NAME or path.stem.lower() in CORPUS_DOC_STEMS:
                    continue
                if path.suffix.lower() in SUPPORTED:
                    files.append(path)
                else:
                    skipped.append(SkippedFile(path=str(path), reason=f"unsupported file type "
                                               f"'{path.suffix or '(none)'}' (reads {', '.join(sorted(SUPPORTED))})"))
        elif root.is_file():
            files.append(root)
        else:
            skipped.append(SkippedFile(path=str(root), reason="no such file or directory"))
    return files, skipped


def read_manifests(paths: Iterable[str | Path]) -> tuple[dict[Path, ManifestEntry], list[str]]:
    """Manifest entries by resolved file path, from every ``manifest.jsonl`` under ``paths``."""
    entries: dict[Path, ManifestEntry] = {}
    warnings: list[str] = []
    for root in map(Path, paths):
        manifests = sorted(root.rglob(MANIFEST_NAME)) if root.is_dir() else []
        for manifest in manifests:
            try:
                lines = manifest.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as exc:
                warnings.append(f"{manifest}: manifest not read ({exc}); its files get default metadata")
                continue
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    entry = ManifestEntry.model_validate_json(line)
                except ValidationError as exc:
                    problem = exc.errors()[0]
                    warnings.append(f"{manifest}:{number}: bad manifest line ({problem['msg']}); line ignored")
                    continue
                target = (manifest.parent / entry.file).resolve()
                if not target.exists():
                    warnings.append(f"{manifest}:{number}: names {entry.file}, which does not exist")
                entries[target] = entry
    return entries, warnings


def decode(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The file's text, or ``InputError`` saying why it is not usable text."""
    size = path.stat().st_size
    if size == 0:
        raise InputError("empty file")
    if size > max_bytes:
        raise InputError(f"file is {size / 1_048_576:.1f} MB, over the {max_bytes / 1_048_576:.0f} MB limit "
                         "for one article (raise it with --max-file-mb)")
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise InputError("binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                         "convert it to UTF-8") from None
    if not text.strip():
        raise InputError("file has only white space")
    return text


def _markdown_to_text(text: str) -> str:
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # links keep their words
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
            out.append((f"line {number}", item, None))
        return out
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    items = data if isinstance(data, list) else [data]
    return [(f"item {i + 1}", item, None) for i, item in enumerate(items)] if len(items) > 1 else \
        [("", items[0] if items else None, None if items else "JSON list is empty")]


def _article(path: Path, article_id: str, item: dict, entry: ManifestEntry | None) -> Article:
    raw = _first(item, _TEXT_FIELDS)
    if raw is None:
        raise InputError(f"no article text (expected one of the fields {', '.join(_TEXT_FIELDS)})")
    text, removed = clean_text(raw)
    if not text.strip():
        raise InputError("nothing left after removing page furniture")
    meta = entry.model_dump() if entry else {}
    return Article(
        id=str(item.get("id") or article_id),
        outlet=meta.get("outlet") or _first(item, _OUTLET_FIELDS) or path.stem,
        url=meta.get("url") or _first(item, ("url", "link")),
        title=meta.get("title") or _first(item, ("title", "headline")),
        published=meta.get("published") or _first(item, _DATE_FIELDS),
        path=str(path), text=text, removed=removed,
    )


def ingest(paths: Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES, progress: bool = False) -> IngestResult:
    """Every readable article under ``paths``; unreadable inputs are listed in ``skipped``."""
    paths = list(paths)
    files, skipped = discover(paths)
    manifest, warnings = read_manifests(paths)
    result = IngestResult(skipped=skipped, warnings=warnings)
    roots = [Path(p).resolve() for p in paths if Path(p).is_dir()]
    used_ids: set[str] = set()
    if progress:
        from tqdm import tqdm

        files = tqdm(files, desc="read", unit="file")
    for path in files:
        resolved = path.resolve()
        root = next((r for r in roots if resolved.is_relative_to(r)), resolved.parent)
        base_id = str(resolved.relative_to(root).with_suffix(""))
        try:
            text = decode(path, max_bytes)
            suffix = path.suffix.lower()
            if suffix in (".json", ".jsonl"):
                items = _json_items(path, text)
            elif suffix in (".html", ".htm"):
                items = [("", _html_to_item(text), None)]
            elif suffix in (".md", ".markdown"):
                items = [("", {"text": _markdown_to_text(text)}, None)]
            else:
                items = [("", {"text": text}, None)]
        except InputError as exc:
            result.skipped.append(SkippedFile(path=str(path), reason=str(exc)))
            continue
        except OSError as exc:
            result.skipped.append(SkippedFile(path=str(path), reason=f"cannot read ({exc.strerror or exc})"))
            continue
        for n, (label, item, problem) in enumerate(items):
            where = f"{path}{':' + label if label else ''}"
            if problem is None and not isinstance(item, dict):
                problem = "expected a JSON object with the article text"
            if problem:
                result.skipped.append(SkippedFile(path=where, reason=problem))
                continue
            article_id = base_id if len(items) == 1 else f"{base_id}#{n + 1}"
            try:
                article = _article(path, article_id, item, manifest.get(resolved))
            except InputError as exc:
                result.skipped.append(SkippedFile(path=where, reason=str(exc)))
                continue
            if article.id in used_ids:
                result.skipped.append(SkippedFile(path=where, reason=f"duplicate article id '{article.id}'"))
                continue
            used_ids.add(article.id)
            result.articles.append(article)
    return result
