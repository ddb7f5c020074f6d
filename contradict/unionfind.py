"""Union-find over hashable, orderable nodes: the groups (families, claim clusters) of a graph's edges.

Each group's representative is its smallest node, so the groups do not depend on the order edges came in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict = {}

    def __contains__(self, node: Hashable) -> bool:
        return node in self.parent

    def add(self, node: Hashable) -> None:
        self.parent.setdefault(node, node)

    def find(self, node: Hashable):
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]  # path halving
            node = self.parent[node]
        return node

    def union(self, a: Hashable, b: Hashable) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list]:
        """Every group, each sorted; groups in order of their smallest node."""
        out: dict = defaultdict(list)
        for node in list(self.parent):
            out[self.find(node)].append(node)
        return sorted((sorted(members) for members in out.values()), key=lambda members: members[0])
