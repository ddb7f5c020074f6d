"""The claim table: per disputed claim of a story, which versions are told, and by which outlets and families.

Findings come in pairs; a reviewer also wants the spread: "at least three strikes" told by three outlets
of two families, "at least four" by one.  Each line of ``claims.jsonl`` is one **claim cluster**:

- **numeric** clusters join the figures compared in findings (a quantity comparison links the figure of
  one sentence with the figure of the other); a version is one figure (its qualifier and value: "at
  least three" = "at least 3");
- **statement** clusters join the sentences of the other findings (denials, opposite degrees); the two
  sides of a finding are two versions (a cluster's sentences are coloured two ways along its findings);
- either grows by **agreement**: a candidate pair the judges saw and did not flag, one side of which is in
  the cluster, brings the other side into its partner's version when it states the same figure (numeric)
  or is as close as a paraphrase (statement, cosine at least ``Settings.agree_similarity``).

Each version counts outlets and families (``contradict.families``): agreement within a family is one
voice.  Lines are ordered by story, then by how many outlets a cluster holds; the same input gives the
same bytes.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from pathlib import Path

from contradict.attribution import sentence_attribution
from contradict.claims import strip_attribution
from contradict.quantities import find_quantities
from contradict.unionfind import UnionFind
from contradict.settings import Settings, defaults
from contradict.schema import (Article, CandidatePair, ClaimCluster, ClaimMention, ClaimVersion, Finding, Sentence,
                               Side)


_Key = tuple[str, int]  # (article id, sentence start): one sentence


def _figure_key(text: str) -> str:
    """A figure's version: qualifier and value ("at least three" and "at least 3" are one version)."""
    found = find_quantities(text)
    if not found:
        return " ".join(text.lower().split())
    q = found[0]
    return f"{q.qualifier or 'exact'} {q.value:g}"


def _numeric(finding: Finding):
    """The flagging quantity comparisons of a finding (empty for a finding that is not about figures)."""
    return [c for v in finding.evidence if v.conflict and v.kind == "numeric" for c in (v.quantities or [])]


def _side_key(side: Side) -> _Key:
    return side.article_id, side.start


def build_claim_table(findings: list[Finding], pairs: list[CandidatePair], articles: dict[str, Article],
                      story_of: dict[str, str], family_of: dict[str, str], settings: Settings | None = None
                      ) -> list[ClaimCluster]:
    """The claim clusters of ``findings``, grown by agreeing candidate ``pairs`` (see the module);
    ``settings`` (default ``defaults()``): how close an agreeing sentence must be."""
    settings = settings or defaults()
    sides: dict[_Key, Side] = {}
    numeric, statements = UnionFind(), UnionFind()
    counted: dict = defaultdict(Counter)
    figure_text: dict = {}
    finding_of: dict = defaultdict(set)
    flagged: set[frozenset[_Key]] = set()
    conflicts: dict[_Key, set[_Key]] = defaultdict(set)
    for finding in findings:
        left, right = _side_key(finding.left), _side_key(finding.right)
        sides.setdefault(left, finding.left)
        sides.setdefault(right, finding.right)
        flagged.add(frozenset((left, right)))
        comparisons = _numeric(finding)
        if comparisons:
            for c in comparisons:
                a, b = (*left, _figure_key(c.left)), (*right, _figure_key(c.right))
                numeric.union(a, b)
                figure_text.setdefault(a, c.left)
                figure_text.setdefault(b, c.right)
                for node, what in ((a, c.counted_left), (b, c.counted_right)):
                    finding_of[node].add(finding.id)
                    if what:
                        counted[node][what] += 1
        else:
            statements.union(left, right)
            conflicts[left].add(right)
            conflicts[right].add(left)
            finding_of[left].add(finding.id)
            finding_of[right].add(finding.id)
    agree: dict = {}  # node -> (the cluster node it agrees with)
    sentence_of: dict[_Key, Sentence] = {}
    figures_by_sentence: dict[_Key, list] = defaultdict(list)
    for node in list(numeric.parent):
        figures_by_sentence[node[:2]].append(node)
    for pair in pairs:
        a, b = (pair.left.article_id, pair.left.start), (pair.right.article_id, pair.right.start)
        if frozenset((a, b)) in flagged:
            continue
        sentence_of.setdefault(a, pair.left)
        sentence_of.setdefault(b, pair.right)
        for known, other, other_sentence in ((a, b, pair.right), (b, a, pair.left)):
            if pair.similarity >= settings.agree_figure_similarity:
                for node in figures_by_sentence.get(known, []):
                    if node[2] in {_figure_key(q.text) for q in find_quantities(other_sentence.text)}:
                        agree.setdefault((*other, node[2]), node)
            if pair.similarity >= settings.agree_similarity and known in statements and other not in statements:
                agree.setdefault(other, known)
    clusters = []
    for nodes in numeric.groups():
        clusters.append(_cluster("numeric", nodes, lambda n: n[:2], lambda n: n[2], figure_text, counted, agree,
                                 finding_of, sides, sentence_of, articles, story_of, family_of))
    for nodes in statements.groups():
        colour = _two_colours(nodes, conflicts)
        clusters.append(_cluster("statement", nodes, lambda n: n, colour.__getitem__, {}, {}, agree, finding_of,
                                 sides, sentence_of, articles, story_of, family_of))
    clusters.sort(key=lambda c: (c.story or "", -sum(v.n_outlets for v in c.versions), c.cluster))
    return clusters


def _two_colours(nodes: list[_Key], conflicts: dict[_Key, set[_Key]]) -> dict[_Key, int]:
    """Sides of each finding in different versions (breadth first from the smallest node; a sentence
    that conflicts with both versions stays with the first it met)."""
    colour: dict[_Key, int] = {}
    for start in nodes:
        if start in colour:
            continue
        colour[start] = 0
        queue = [start]
        while queue:
            node = queue.pop(0)
            for other in sorted(conflicts[node]):
                if other not in colour:
                    colour[other] = 1 - colour[node]
                    queue.append(other)
    return colour


def _mention(key: _Key, side: Side | None, sentence: Sentence | None, articles: dict[str, Article],
             family_of: dict[str, str], basis: str) -> ClaimMention:
    article = articles[key[0]]
    if side is not None:
        text, start, end, asserted = side.sentence, side.start, side.end, side.asserted_by
    else:
        text, start, end = sentence.text, sentence.start, sentence.end
        asserted = None
    if asserted is None:
        asserted = sentence_attribution(text, sentence.antecedent if sentence else None)[1]
    return ClaimMention(outlet=article.outlet, article_id=article.id, family=family_of.get(article.id, article.id),
                        sentence=text, start=start, end=end, asserted_by=asserted, basis=basis)


def _cluster(kind, nodes, sentence_key, version_key, figure_text, counted, agree, finding_of, sides, sentence_of,
             articles, story_of, family_of) -> ClaimCluster:
    members = set(nodes)
    versions: dict[str, list[ClaimMention]] = defaultdict(list)
    labels: dict[str, str] = {}
    seen: set = set()
    for node in nodes:
        key = sentence_key(node)
        if (key, version_key(node)) in seen:
            continue
        seen.add((key, version_key(node)))
        versions[version_key(node)].append(_mention(key, sides.get(key), None, articles, family_of, "finding"))
        labels.setdefault(version_key(node), figure_text.get(node) or strip_attribution(sides[key].sentence)[0])
    for node, target in sorted(agree.items()):
        if target not in members:
            continue
        key = node[:2] if kind == "numeric" else node
        version = version_key(target)
        if (key, version) in seen or any(key == k for k, _ in seen):
            continue  # a sentence of the cluster's findings keeps the version it has there
        seen.add((key, version))
        versions[version].append(_mention(key, None, sentence_of[key], articles, family_of, "agreement"))
    out = []
    for version, mentions in versions.items():
        mentions.sort(key=lambda m: (m.article_id, m.start))
        outlets = sorted({m.outlet for m in mentions})
        families = sorted({m.family for m in mentions})
        out.append(ClaimVersion(version=labels[version], outlets=outlets, families=families,
                                n_outlets=len(outlets), n_families=len(families), mentions=mentions))
    out.sort(key=lambda v: (-v.n_families, -v.n_outlets, v.version))
    stories = {story_of.get(sentence_key(n)[0]) for n in nodes}
    what = sum((counted.get(n, Counter()) for n in nodes), Counter())
    if kind == "numeric" and what:
        topic = min(what, key=lambda w: (-what[w], len(w), w))
    else:
        topic = min((v.version for v in out), key=lambda t: (len(t), t))
    ids = sorted({fid for n in nodes for fid in finding_of.get(n, ())})
    digest = hashlib.sha1(repr(sorted(map(repr, nodes))).encode("utf-8")).hexdigest()[:16]
    return ClaimCluster(cluster=digest, story=stories.pop() if len(stories) == 1 else None, kind=kind, topic=topic,
                        findings=ids, versions=out)


def claims_path(findings_path: str | Path) -> Path:
    """Where the claim table goes beside a findings file: ``flagged.jsonl`` -> ``flagged.claims.jsonl``."""
    path = Path(findings_path)
    stem = path.name[:-len(".jsonl")] if path.name.endswith(".jsonl") else path.name
    return path.with_name(f"{stem}.claims.jsonl")


def write_claims(clusters: list[ClaimCluster], path: str | Path) -> Path:
    """Write the claim table as JSONL, atomically (as the findings are written)."""
    from contradict.safeio import write_jsonl_records

    return write_jsonl_records(clusters, path)


def read_claims(path: str | Path) -> list[ClaimCluster]:
    with open(path, encoding="utf-8") as fh:
        return [ClaimCluster.model_validate_json(line) for line in fh if line.strip()]
