from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from carelab.accounts.your_data import collect_privacy
from carelab.core.crisis import CRISIS_CONTACTS


@login_not_required
def help_now(request):
    return render(request, "core/help_now.jinja", {"contacts": CRISIS_CONTACTS})


@login_not_required
def privacy(request):
    """The privacy notice, built from every app's personal_data `privacy()` entries, so it covers all they hold."""
    return render(request, "core/privacy.jinja", {"entries": collect_privacy()})


@login_not_required
def accessibility(request):
    return render(request, "core/accessibility.jinja")


@login_not_required
def cookies(request):
    return render(request, "core/cookies.jinja")


@login_not_required
@never_cache
def healthz(request):
    """For load balancers and monitoring: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure to reach the database means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable", "detail": type(error).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_not_required
def page_not_found(request, exception=None):
    return render(request, "core/404.jinja", status=404)


@login_not_required
def permission_denied(request, exception=None):
    return render(request, "core/403.jinja", status=403)


@login_not_required
def server_error(request):
    return render(request, "core/500.jinja", status=500)


@login_not_required
def csrf_failure(request, reason=""):
    return render(request, "core/csrf_failure.jinja", status=403)
