"""What the driver-diagram pages read: the whole tree of a team in one query, one node through its team."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404

from carelab.improvement.models import DriverNode, TestTeam
from carelab.lib.driver_svg import DiagramNode

LAB_IDEA_TAG = "Lab idea"


@dataclass
class Branch:
    """One node of the diagram with what hangs from it, in order, and its place among its siblings."""

    node: DriverNode
    children: list[Branch] = field(default_factory=list)
    first: bool = False
    last: bool = False


def nodes_of(team: TestTeam) -> list[DriverNode]:
    """Every node of the team's diagram with its lab idea, in one query."""
    nodes = list(DriverNode.objects.filter(team=team).select_related("idea").order_by("position", "pk"))
    for node in nodes:
        node.team = team
    return nodes


def tree_of(nodes: list[DriverNode]) -> list[Branch]:
    """The primary drivers, each with its branches, from the flat list `nodes_of` reads."""
    branches = {node.pk: Branch(node) for node in nodes}
    roots: list[Branch] = []
    for node in nodes:  # already in position order, so each list of children is too
        parent = branches.get(node.parent_id) if node.parent_id else None
        (parent.children if parent else roots).append(branches[node.pk])
    for siblings in [roots, *(branch.children for branch in branches.values())]:
        if siblings:
            siblings[0].first = True
            siblings[-1].last = True
    return roots


def shows_idea(node: DriverNode) -> bool:
    """A change idea links its lab idea while the idea is published (not held, rejected or withdrawn)."""
    return node.idea is not None and node.idea.status == node.idea.Status.PUBLISHED


def picture_of(tree: list[Branch]) -> list[DiagramNode]:
    """The tree in the shape carelab/lib/driver_svg.py draws."""

    def drawn(branch: Branch) -> DiagramNode:
        node = branch.node
        tag = LAB_IDEA_TAG if shows_idea(node) else ""
        return DiagramNode(node.level, node.text, tuple(drawn(child) for child in branch.children), tag)

    return [drawn(branch) for branch in tree]


def count_nodes(team: TestTeam) -> int:
    return DriverNode.objects.filter(team=team).count()


def get_node(team: TestTeam, pk: int) -> DriverNode:
    """A node of this team's diagram (another team's is a 404)."""
    node = get_object_or_404(DriverNode.objects.filter(team=team).select_related("idea"), pk=pk)
    node.team = team
    return node


def published_ideas(team: TestTeam):
    """The lab's published ideas a change idea may take up, by title."""
    return team.lab.ideas.published().order_by("title", "pk")


def blockers(node: DriverNode) -> tuple[int, int]:
    """What stops a node being deleted: how many nodes hang from it, and how many PDSA cycles were run on it."""
    return node.children.count(), node.cycles.count()
