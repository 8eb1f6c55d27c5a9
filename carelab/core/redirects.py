"""Where a page sends a person after a form posts."""

from django.utils.http import url_has_allowed_host_and_scheme


def next_or(request, default: str) -> str:
    """The page the form came from (its posted `next`), if it is a path on this site; otherwise `default`.

    Only a path is taken: `redirect()` would try any other word as a view name, and fail.
    """
    target = request.POST.get("next", "")
    if (
        target.startswith("/")
        and target.isprintable()
        and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    ):
        return target
    return default
