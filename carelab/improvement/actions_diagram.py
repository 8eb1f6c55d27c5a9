"""Writes to a team's driver diagram: adding, changing, moving and deleting its nodes, each in one
transaction with the team's row locked, so two people editing at once cannot pass the limits."""

from __future__ import annotations

from django.db import transaction
from django.db.models import ProtectedError

from carelab.improvement.models import DriverNode, TestTeam

MAX_NODES = 200
Level = DriverNode.Level

# What may hang from each level (None: the top of the diagram, under the aim). Change ideas are the
# leaves: a diagram is at most aim → primary → secondary → change idea.
CHILD_LEVELS: dict[str | None, tuple[str, ...]] = {
    None: (Level.PRIMARY,),
    Level.PRIMARY: (Level.SECONDARY, Level.CHANGE),
    Level.SECONDARY: (Level.CHANGE,),
    Level.CHANGE: (),
}

NO_CHILDREN = (
    "Nothing can be added under a change idea: a driver diagram ends with its change ideas. "
    "To test a change idea, plan a PDSA cycle on it."
)
TOO_MANY = (
    f"A driver diagram holds up to {MAX_NODES} drivers and change ideas, and this one is full. "
    "Delete the ones the team no longer works on, then add more."
)
PARENT_GONE = "What you were adding to has just been deleted. Go back to the diagram and choose where to add it."


class DiagramRefused(Exception):
    """A change the diagram cannot take, with a message that says why and what to do instead."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _lock(team: TestTeam) -> None:
    TestTeam.objects.select_for_update().filter(pk=team.pk).values_list("pk", flat=True).first()


def refusal_to_add(team: TestTeam, parent: DriverNode | None) -> str | None:
    """Why nothing can be added here, or None."""
    if not CHILD_LEVELS[parent.level if parent else None]:
        return NO_CHILDREN
    if DriverNode.objects.filter(team=team).count() >= MAX_NODES:
        return TOO_MANY
    return None


@transaction.atomic
def add_node(team: TestTeam, parent: DriverNode | None, level: str, text: str, idea=None) -> DriverNode:
    """A new node at the end of its siblings. Only a change idea keeps a lab idea."""
    _lock(team)
    if parent is not None and not DriverNode.objects.filter(team=team, pk=parent.pk).exists():
        raise DiagramRefused(PARENT_GONE)
    refusal = refusal_to_add(team, parent)
    if refusal:
        raise DiagramRefused(refusal)
    if level not in CHILD_LEVELS[parent.level if parent else None]:
        raise DiagramRefused(f"A {Level(level).label.lower()} cannot go there.")
    siblings = DriverNode.objects.filter(team=team, parent=parent)
    last = siblings.order_by("-position").values_list("position", flat=True).first()
    return DriverNode.objects.create(
        team=team,
        parent=parent,
        level=level,
        text=text,
        idea=idea if level == Level.CHANGE else None,
        position=0 if last is None else last + 1,
    )


@transaction.atomic
def change_node(node: DriverNode, text: str, idea=None) -> DriverNode:
    node.text = text
    node.idea = idea if node.level == Level.CHANGE else None
    node.save(update_fields=["text", "idea"])
    return node


@transaction.atomic
def move_node(node: DriverNode, step: int) -> bool:
    """Move the node one place up (-1) or down (+1) among its siblings. False when it is already at that end."""
    _lock(node.team)
    siblings = list(
        DriverNode.objects.filter(team_id=node.team_id, parent_id=node.parent_id).order_by("position", "pk")
    )
    index = next((i for i, sibling in enumerate(siblings) if sibling.pk == node.pk), None)
    if index is None or not 0 <= index + step < len(siblings):
        return False
    siblings[index], siblings[index + step] = siblings[index + step], siblings[index]
    for position, sibling in enumerate(siblings):
        sibling.position = position
    DriverNode.objects.bulk_update(siblings, ["position"])
    return True


def refusal_to_delete(children: int, cycles: int) -> str | None:
    if children:
        under = "1 driver or change idea" if children == 1 else f"{children} drivers or change ideas"
        return (
            f"It has {under} under it. Delete those first (starting from the change ideas), "
            "or change this one's words instead of deleting it."
        )
    if cycles:
        run = "a PDSA cycle has" if cycles == 1 else f"{cycles} PDSA cycles have"
        return (
            f"{run[0].upper()}{run[1:]} been run on it, and the cycles are the team's record of what it tested. "
            "Keep the change idea (you can change its words), or delete its cycles first."
        )
    return None


@transaction.atomic
def delete_node(node: DriverNode) -> None:
    """Delete a node with nothing under it and no PDSA cycles; otherwise refuse and say why."""
    _lock(node.team)
    refusal = refusal_to_delete(node.children.count(), node.cycles.count())
    if refusal:
        raise DiagramRefused(refusal)
    try:
        with transaction.atomic():
            node.delete()
    except ProtectedError as error:  # a cycle added after the check
        raise DiagramRefused(refusal_to_delete(0, 1) or "") from error
