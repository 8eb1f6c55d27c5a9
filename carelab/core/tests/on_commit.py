"""On-commit callbacks a test captured, as the code under test queued them."""

from carelab.core import page_cache


def queued_by_the_action(callbacks: list) -> list:
    """The callbacks without the public pages' flush (decision 0043). That one is queued by the first
    write of a transaction that commits, unless an earlier write in the test's own transaction queued
    it already, so whether it shows up says nothing about the action under test."""
    return [callback for callback in callbacks if callback is not page_cache._flush_default]
