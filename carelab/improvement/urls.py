"""Test teams and their measures, in the "improvement" namespace (issue 11)."""

from django.urls import path

from carelab.improvement import views, views_cycles, views_diagram

app_name = "improvement"

T = "teams/<int:pk>"
M = f"{T}/measures/<int:measure_pk>"
C = f"{T}/cycles/<int:cycle_pk>"

urlpatterns = [
    path("teams/", views.team_list, name="teams"),
    path("team/teams/new/", views.team_new, name="team_new"),
    path(f"{T}/", views.team, name="team"),
    path(f"{T}/edit/", views.team_edit, name="team_edit"),
    path(f"{T}/members/", views.members, name="members"),
    path(f"{T}/members/<int:member_pk>/remove/", views.member_remove, name="member_remove"),
    path(f"{T}/measures/new/", views.measure_new, name="measure_new"),
    path(f"{M}/", views.measure, name="measure"),
    path(f"{M}/edit/", views.measure_edit, name="measure_edit"),
    path(f"{M}/delete/", views.measure_delete, name="measure_delete"),
    path(f"{M}/upload/", views.upload, name="upload"),
    path(f"{M}/points/<int:point_pk>/", views.point_edit, name="point_edit"),
    path(f"{M}/chart.svg", views.chart_svg, name="chart_svg"),
    path(f"{M}/chart.png", views.chart_png, name="chart_png"),
    path(f"{M}/data.csv", views.data_csv, name="data_csv"),
    # PDSA cycles (issue 11 §3): chained per change idea, marked on their measures' charts.
    path(f"{T}/cycles/", views_cycles.cycles, name="cycles"),
    path(f"{T}/cycles/new/", views_cycles.cycle_new, name="cycle_new"),
    path(f"{C}/", views_cycles.cycle, name="cycle"),
    path(f"{C}/plan/", views_cycles.cycle_part, {"part": "plan"}, name="cycle_plan"),
    path(f"{C}/do/", views_cycles.cycle_part, {"part": "do"}, name="cycle_do"),
    path(f"{C}/study/", views_cycles.cycle_part, {"part": "study"}, name="cycle_study"),
    path(f"{C}/act/", views_cycles.cycle_part, {"part": "act"}, name="cycle_act"),
    path(f"{C}/delete/", views_cycles.cycle_delete, name="cycle_delete"),
    path(f"{C}/measures/<int:measure_pk>/recalculate/", views_cycles.cycle_recalculate, name="cycle_recalculate"),
]

# Driver diagrams (issue 11, section 2).
D = f"{T}/diagram"
N = f"{D}/nodes/<int:node_pk>"
urlpatterns += [
    path(f"{D}/", views_diagram.diagram, name="diagram"),
    path(f"{D}/diagram.svg", views_diagram.diagram_svg, name="diagram_svg"),
    path(f"{D}/add/", views_diagram.node_add, name="diagram_add"),
    path(f"{N}/add/", views_diagram.node_add, name="diagram_add_under"),
    path(f"{N}/edit/", views_diagram.node_edit, name="diagram_edit"),
    path(f"{N}/move/", views_diagram.node_move, name="diagram_move"),
    path(f"{N}/delete/", views_diagram.node_delete, name="diagram_delete"),
]

# A test team's private space (notes and files) and the lab's learning log (decision 0041).
from carelab.improvement import views_learning, views_space  # noqa: E402

S = f"{T}/space"
urlpatterns += [
    path(f"{S}/", views_space.space, name="space"),
    path(f"{S}/notes/new/", views_space.note_new, name="space_note_new"),
    path(f"{S}/notes/<int:note_pk>/", views_space.note, name="space_note"),
    path(f"{S}/notes/<int:note_pk>/edit/", views_space.note_edit, name="space_note_edit"),
    path(f"{S}/notes/<int:note_pk>/delete/", views_space.note_delete, name="space_note_delete"),
    path(f"{S}/files/upload/", views_space.file_upload, name="space_file_upload"),
    path(f"{S}/files/<int:file_pk>/", views_space.file_download, name="space_file"),
    path(f"{S}/files/<int:file_pk>/delete/", views_space.file_delete, name="space_file_delete"),
    path("learning/", views_learning.learning, name="learning"),
    path("learning/<int:entry_pk>/", views_learning.entry, name="learning_entry"),
    path(f"{T}/learning/new/", views_learning.entry_new, name="learning_new"),
    path(f"{T}/learning/<int:entry_pk>/edit/", views_learning.entry_edit, name="learning_edit"),
    path(f"{T}/learning/<int:entry_pk>/delete/", views_learning.entry_delete, name="learning_delete"),
]
