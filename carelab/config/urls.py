from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.static import serve

from carelab.core import views as core_views
from carelab.home import views as home_views

handler400 = "carelab.core.views.bad_request"
handler403 = "carelab.core.views.permission_denied"
handler404 = "carelab.core.views.page_not_found"
handler500 = "carelab.core.views.server_error"

urlpatterns = [
    path("", home_views.index, name="home"),
    path("help-now/", core_views.help_now, name="help_now"),
    path("privacy/", core_views.privacy, name="privacy"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path("cookies/", core_views.cookies, name="cookies"),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("team/", home_views.team_index, name="team_index"),
    path("labs/<slug:slug>/", include("carelab.home.urls")),
    path("labs/<slug:slug>/posts/", include("carelab.posts.urls")),
    path("labs/<slug:slug>/comments/", include("carelab.comments.urls")),
    path("labs/<slug:slug>/surveys/", include("carelab.surveys.urls")),
    path("labs/<slug:slug>/organisations/", include("carelab.organisations.urls")),
    path("labs/<slug:slug>/participants/", include("carelab.participants.urls")),
    path("labs/<slug:slug>/connect/", include("carelab.connect.urls")),
    path("labs/<slug:slug>/safeguarding/", include("carelab.safeguarding.urls")),
    path("labs/<slug:slug>/events/", include("carelab.events.urls")),
    path("labs/<slug:slug>/updates/", include("carelab.updates.urls")),
    path("labs/<slug:slug>/evidence/", include("carelab.evidence.urls")),
    path("labs/<slug:slug>/insights/", include("carelab.insights.urls")),
    path("labs/<slug:slug>/ideas/", include("carelab.ideas.urls")),
    path("labs/<slug:slug>/improvement/", include("carelab.improvement.urls")),
    path("survey-answers/", include("carelab.surveys.urls_yours")),
    path("accounts/", include("carelab.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    # Uploaded images in development; in production the web server serves MEDIA_ROOT.
    urlpatterns.append(
        path("media/<path:path>", login_not_required(serve), {"document_root": settings.MEDIA_ROOT}),
    )
