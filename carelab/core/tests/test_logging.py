"""What the log says about refused requests: one line for an expected refusal, a traceback for a fault."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseForbidden
from django.test import RequestFactory
from django.utils.log import log_response


def django_request_records(caplog):
    return [record for record in caplog.records if record.name == "django.request"]


def test_a_refused_page_is_logged_as_one_line_without_a_traceback(cast, client_for, caplog):
    caplog.set_level(logging.WARNING, logger="django.request")
    response = client_for(cast.member).get("/labs/the-lab/safeguarding/")
    assert response.status_code == 403
    [record] = django_request_records(caplog)
    assert record.levelno == logging.WARNING
    assert record.getMessage() == "Forbidden (Permission denied): /labs/the-lab/safeguarding/"
    assert record.exc_info is None
    assert "Traceback" not in caplog.text


def test_a_server_error_keeps_its_traceback(caplog):
    caplog.set_level(logging.ERROR, logger="django.request")
    request = RequestFactory().get("/broken/")
    try:
        raise RuntimeError("a real fault")
    except RuntimeError as error:
        log_response(
            "Internal Server Error: %s",
            request.path,
            response=HttpResponse(status=500),
            request=request,
            exception=error,
        )
    [record] = django_request_records(caplog)
    assert record.exc_info is not None
    assert "RuntimeError: a real fault" in caplog.text


def test_a_refusal_logged_with_its_exception_loses_only_the_traceback(caplog):
    caplog.set_level(logging.WARNING, logger="django.request")
    request = RequestFactory().get("/private/")
    log_response(
        "Forbidden (Permission denied): %s",
        request.path,
        response=HttpResponseForbidden(),
        request=request,
        exception=PermissionDenied("not yours"),
    )
    [record] = django_request_records(caplog)
    assert record.exc_info is None and "/private/" in record.getMessage()
