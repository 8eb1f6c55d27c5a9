"""Logging filters named in settings.LOGGING."""

import logging


class ExpectedRefusalsWithoutTraceback(logging.Filter):
    """Keep the one-line warning for a refused request (403, 404 …) but drop its traceback.

    Django logs a `PermissionDenied` or `Http404` on `django.request` with the exception attached,
    so every expected refusal would print a traceback that reads like a crash. A 500 keeps its
    traceback: that one is a fault to fix.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
