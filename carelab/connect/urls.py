from django.urls import path

from carelab.connect import views

app_name = "connect"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("to/<int:card_pk>/", views.send, name="send"),
    path("blocked/", views.blocked, name="blocked"),
    path("blocked/<int:pk>/unblock/", views.unblock, name="unblock"),
    path("<int:pk>/", views.conversation, name="conversation"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/block/", views.block, name="block"),
    path("<int:pk>/report/", views.report, name="report"),
    path("team/reports/", views.reports, name="reports"),
    path("team/flagged/<int:pk>/", views.flagged_message, name="flagged_message"),
    path("team/reports/<int:pk>/close/", views.report_close, name="report_close"),
    path("team/reports/<int:pk>/stop/", views.stop, name="stop"),
    path("team/stopped/<int:pk>/lift/", views.lift_stop, name="lift_stop"),
]
