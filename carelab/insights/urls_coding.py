"""The codebook, coders, sources and coding."""

from django.urls import path

from carelab.insights.views import coding as views

urlpatterns = [
    path("coding/", views.overview, name="coding"),
    path("coding/coders/", views.coders, name="coders"),
    path("coding/coders/<int:pk>/remove/", views.coder_remove, name="coder_remove"),
    path("coding/codebook/", views.codebook, name="codebook"),
    path("coding/codebook/new/", views.code_add, name="code_add"),
    path("coding/codebook/<int:pk>/", views.code_edit, name="code_edit"),
    path("coding/codebook/<int:pk>/move/", views.code_move, name="code_move"),
    path("coding/codebook/<int:pk>/delete/", views.code_delete, name="code_delete"),
    path("coding/memos/new/", views.memo_add, name="memo_add"),
    path("coding/memos/<int:pk>/delete/", views.memo_delete, name="memo_delete"),
    path("coding/sources/", views.sources, name="sources"),
    path("coding/sources/add/", views.source_add, name="source_add"),
    path("coding/sources/<int:pk>/", views.source, name="source"),
    path("coding/sources/<int:pk>/delete/", views.source_delete, name="source_delete"),
    path("coding/questions/<int:survey>/<str:question>/", views.question, name="question"),
    path("coding/code/", views.code, name="code"),
    path("coding/codings/<int:pk>/remove/", views.uncode, name="uncode"),
]
