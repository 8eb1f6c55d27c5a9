"""Response headers that keep pages safe even if something slips through."""

_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


def content_security_policy(get_response):
    """No inline scripts, no third-party anything; the admin needs no exception either."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", _CSP)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        return response

    return middleware


def refuse_unusable_addresses(get_response):
    """A web address whose path or query holds a NUL character gets a plain 400 page.

    Filters, searches and page numbers all read the query string, and PostgreSQL cannot store or
    compare text holding a NUL: one check here, before anything reads the database, covers them all.
    """
    from carelab.core.views import unusable_address

    def middleware(request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            return unusable_address(request)
        return get_response(request)

    return middleware
