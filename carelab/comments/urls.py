from django.urls import path

from carelab.comments import views

app_name = "comments"

urlpatterns = [
    path("posts/<int:post_id>/new/", views.create, name="create"),
    path("ideas/<int:idea_id>/new/", views.create_on_idea, name="create_on_idea"),
    path("<int:pk>/report/", views.report, name="report"),
    path("policy/", views.policy, name="policy"),
    path("policy/edit/", views.policy_edit, name="policy_edit"),
    path("queue/", views.queue, name="queue"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/dismiss/", views.report_dismiss, name="report_dismiss"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/reject/", views.reject, name="reject"),
    path("<int:pk>/hide/", views.hide, name="hide"),
    path("<int:pk>/restore/", views.restore, name="restore"),
    path("<int:pk>/history/", views.history, name="history"),
]
