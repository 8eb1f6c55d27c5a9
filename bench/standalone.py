"""Running one benchmark on its own (`python -m bench.<name>`): a throw-away database and one lab."""

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path


def run_alone(run: Callable, *, description: str, option: str, default: int, slug: str, title: str) -> None:
    """Parse `--<option> N`, set Django up on a temporary database, make a lab and call `run(client, lab, N)`."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(f"--{option}", type=int, default=default)
    count = getattr(parser.parse_args(), option)

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carelab.config.test_settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp(prefix='carelab-bench-')}/bench.sqlite3")

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import get_runner

    from carelab.labs.models import Lab

    runner = get_runner(settings)(verbosity=0, interactive=False)
    runner.setup_test_environment()
    old_config = runner.setup_databases()
    try:
        today = date.today()
        lab = Lab.objects.create(
            slug=slug,
            title=title,
            question="?",
            why_it_matters="",
            starts_on=today,
            ends_on=today + timedelta(days=365),
            contact_email="lab@example.org",
        )
        run(Client(), lab, count)
    finally:
        runner.teardown_databases(old_config)
        runner.teardown_test_environment()
