import pytest


@pytest.fixture(autouse=True)
def _totp_codes_survive_a_period_boundary(settings):
    """A code computed just before a 30-second boundary is still accepted just after it."""
    settings.MFA_TOTP_TOLERANCE = 1
