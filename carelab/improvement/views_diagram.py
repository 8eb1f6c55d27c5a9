"""A test team's driver diagram (issue 11, section 2): the aim, primary and secondary drivers and change
ideas, shown as a picture and as nested lists (the lists are the accessible version, and the only one
needed to edit it), and the forms with which the team's members and the lab team build it.

Gatekeepers: `readers_required` (the lab's participants and team) on every page, then
`get_team_to_change` for every change. Every form works without JavaScript.
"""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from carelab.improvement import actions, actions_diagram, queries_diagram
from carelab.improvement.access import get_team, get_team_to_change, may_change, readers_required
from carelab.improvement.forms_diagram import NodeForm
from carelab.improvement.models import DriverNode, TestTeam
from carelab.lib.driver_svg import driver_diagram_svg

ADD_HEADINGS = {
    None: "Add a primary driver",
    DriverNode.Level.PRIMARY: "Add a secondary driver or change idea",
    DriverNode.Level.SECONDARY: "Add a change idea",
    DriverNode.Level.CHANGE: "Nothing can be added under a change idea",
}


def _svg(team: TestTeam, tree) -> str:
    return driver_diagram_svg(
        f"driver-diagram-{team.pk}", f"Driver diagram: {team.name}", team.aim, queries_diagram.picture_of(tree)
    )


def _diagram_url(team: TestTeam, node: DriverNode | None = None) -> str:
    url = reverse("improvement:diagram", args=[team.lab.slug, team.pk])
    return f"{url}#node-{node.pk}" if node is not None else url


@require_safe
@readers_required
def diagram(request, slug, pk):
    team = get_team(request.lab, pk)
    nodes = queries_diagram.nodes_of(team)
    tree = queries_diagram.tree_of(nodes)
    return render(
        request,
        "improvement/diagram/diagram.jinja",
        {
            "lab": request.lab,
            "team": team,
            "tree": tree,
            "svg": _svg(team, tree),
            "node_count": len(nodes),
            "max_nodes": actions_diagram.MAX_NODES,
            "may_change": may_change(request.user, team),
            "shows_idea": queries_diagram.shows_idea,
        },
    )


@require_safe
@readers_required
def diagram_svg(request, slug, pk):
    team = get_team(request.lab, pk)
    svg = _svg(team, queries_diagram.tree_of(queries_diagram.nodes_of(team)))
    response = HttpResponse('<?xml version="1.0" encoding="UTF-8"?>\n' + svg, content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="driver-diagram-{team.pk}.svg"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _refused(request, team: TestTeam, heading: str, message: str, node: DriverNode | None = None):
    context = {"lab": request.lab, "team": team, "heading": heading, "message": message, "node": node}
    status = 400 if request.method == "POST" else 200
    return render(request, "improvement/diagram/refused.jinja", context, status=status)


@require_http_methods(["GET", "POST"])
@readers_required
def node_add(request, slug, pk, node_pk=None):
    """Add a primary driver under the aim, or a node under `node_pk`."""
    team = get_team_to_change(request, pk)
    parent = queries_diagram.get_node(team, node_pk) if node_pk is not None else None
    levels = actions_diagram.CHILD_LEVELS[parent.level if parent else None]
    heading = ADD_HEADINGS[parent.level if parent else None]
    refusal = actions_diagram.refusal_to_add(team, parent)
    if refusal:
        return _refused(request, team, heading, refusal, parent)
    form = NodeForm(
        request.POST if request.method == "POST" else None,
        lab=request.lab,
        levels=levels,
        ideas=queries_diagram.published_ideas(team),
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                node = actions_diagram.add_node(team, parent, data["level"], data["text"], data.get("idea"))
            except actions_diagram.DiagramRefused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, f"Added the {node.get_level_display().lower()} “{node.text}”.")
                return redirect(_diagram_url(team, node))
        actions.flag_refused_words(team, form.words, request.user)
    return _node_form(request, team, form, heading, parent=parent)


@require_http_methods(["GET", "POST"])
@readers_required
def node_edit(request, slug, pk, node_pk):
    team = get_team_to_change(request, pk)
    node = queries_diagram.get_node(team, node_pk)
    form = NodeForm(
        request.POST if request.method == "POST" else None,
        initial={"text": node.text, "idea": node.idea_id},
        lab=request.lab,
        levels=(node.level,),
        ideas=queries_diagram.published_ideas(team),
    )
    if request.method == "POST":
        if form.is_valid():
            actions_diagram.change_node(node, form.cleaned_data["text"], form.cleaned_data.get("idea"))
            messages.success(request, f"Saved the {node.get_level_display().lower()} “{node.text}”.")
            return redirect(_diagram_url(team, node))
        actions.flag_refused_words(team, form.words, request.user)
    return _node_form(request, team, form, f"Change the {node.get_level_display().lower()}", node=node)


def _node_form(request, team, form, heading, *, parent=None, node=None):
    context = {"lab": request.lab, "team": team, "form": form, "heading": heading, "parent": parent, "node": node}
    return render(request, "improvement/diagram/node_form.jinja", context, status=400 if form.errors else 200)


@readers_required
def node_move(request, slug, pk, node_pk):
    team = get_team_to_change(request, pk)  # before the method, so people who may not change it hear so
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    node = queries_diagram.get_node(team, node_pk)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if step is None:
        messages.error(request, "Choose whether to move it up or down.")
    elif actions_diagram.move_node(node, step):
        messages.success(request, f"Moved “{node.text}” {'up' if step < 0 else 'down'}.")
    else:
        messages.info(request, f"“{node.text}” is already at the {'top' if step < 0 else 'bottom'}.")
    return redirect(_diagram_url(team, node))


@require_http_methods(["GET", "POST"])
@readers_required
def node_delete(request, slug, pk, node_pk):
    team = get_team_to_change(request, pk)
    node = queries_diagram.get_node(team, node_pk)
    heading = f"Delete the {node.get_level_display().lower()}?"
    refusal = actions_diagram.refusal_to_delete(*queries_diagram.blockers(node))
    if refusal is None and request.method == "POST":
        try:
            actions_diagram.delete_node(node)
        except actions_diagram.DiagramRefused as refused:
            refusal = refused.message
        else:
            messages.success(request, f"Deleted the {node.get_level_display().lower()} “{node.text}”.")
            return redirect(_diagram_url(team))
    if refusal:
        return _refused(request, team, f"“{node.text}” cannot be deleted yet", refusal, node)
    return render(
        request,
        "improvement/diagram/node_delete.jinja",
        {"lab": request.lab, "team": team, "node": node, "heading": heading},
    )
