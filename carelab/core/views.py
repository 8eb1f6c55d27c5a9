import logging
from functools import cache

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.templatetags.static import static
from django.utils.html import escape
from django.views.decorators.cache import never_cache

from carelab.core.crisis import CRISIS_CONTACTS, NOT_A_CRISIS_SERVICE
from carelab.core.page_cache import public_page
from carelab.core.your_data import collect_privacy

logger = logging.getLogger(__name__)


@login_not_required
@public_page(uses_content=False)
def help_now(request):
    return render(request, "core/help_now.jinja", {"contacts": CRISIS_CONTACTS})


@login_not_required
def privacy(request):
    """The privacy notice, built from every app's personal_data `privacy()` entries, so it covers all they hold."""
    return render(request, "core/privacy.jinja", {"entries": collect_privacy()})


@login_not_required
def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page links; send them to the static copy."""
    return HttpResponseRedirect(static("carelab/favicon.ico"))


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
    """The 500 page, made without the database, the session or the signed-in person.

    A 500 is often the database being unreachable; the page must still show where to get help now.
    """
    return _standalone_response(*_SERVER_ERROR, status=500)


@login_not_required
def bad_request(request, exception=None):
    return _standalone_response(*_BAD_REQUEST, status=400)


def unusable_address(request):
    """For a web address holding a NUL character: no page, filter or search can use one."""
    return _standalone_response(*_UNUSABLE_ADDRESS, status=400)


_UNUSABLE_ADDRESS = (
    "Sorry, we could not understand that web address",
    (
        "It has an invisible control character in it that CareLab cannot use. If you copied the address, "
        "copy it again, or go back and search or filter again.",
    ),
)
_SERVER_ERROR = (
    "Sorry, there is a problem with the service",
    ("Try again later. Nothing you typed has been saved unless you saw a message saying so.",),
)
_BAD_REQUEST = (
    "Sorry, we could not understand that request",
    ("Go back and try again, or start again from the home page.",),
)


def _standalone_response(title: str, paragraphs: tuple[str, ...], *, status: int) -> HttpResponse:
    response = HttpResponse(standalone_error_page(title, paragraphs), status=status)
    response["Cache-Control"] = "no-store"
    return response


def _static_url(path: str) -> str:
    # Without collectstatic's manifest, static() raises; WhiteNoise serves the unhashed name too.
    try:
        return static(path)
    except ValueError:
        return settings.STATIC_URL + path


@cache
def standalone_error_page(title: str, paragraphs: tuple[str, ...]) -> str:
    """The page as HTML, made once per process from a template that needs no request."""
    try:
        return get_template("core/standalone_error.jinja").render(
            {
                "title": title,
                "paragraphs": paragraphs,
                "stylesheets": [
                    _static_url("vendor/nhsuk-frontend/nhsuk-frontend.min.css"),
                    _static_url("carelab/carelab.css"),
                ],
                "crisis_contacts": CRISIS_CONTACTS,
                "not_a_crisis_service": NOT_A_CRISIS_SERVICE,
            }
        )
    except Exception:  # the page of last resort must come out whatever else is broken
        logger.exception("The standalone error page could not be rendered; sending the plain one.")
        contacts = "".join(
            f'<li>{escape(c.when)}: <a href="{escape(c.href)}">{escape(c.action)}</a></li>' for c in CRISIS_CONTACTS
        )
        return (
            f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{escape(title)} – CareLab</title>'
            f"</head><body><main><h1>{escape(title)}</h1>"
            + "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
            + f"<h2>Need help now?</h2><ul>{contacts}</ul><p>{escape(NOT_A_CRISIS_SERVICE)}</p></main></body></html>"
        )


@login_not_required
def csrf_failure(request, reason=""):
    return render(request, "core/csrf_failure.jinja", status=403)
