"""A lab's risk phrases add to the built-in risk check: new labs start with none, and the migration
empties the list on labs that still had the 13 phrases every lab used to start with."""

from importlib import import_module

from django.apps import apps

from carelab.labs.models import Lab
from carelab.labs.tests.factories import LabFactory

migration = import_module("carelab.labs.migrations.0004_risk_phrases_add_to_the_built_in_check")
FORMER_DEFAULT = "\n".join(migration.FORMER_DEFAULT)


def test_a_new_lab_starts_with_no_phrases_of_its_own(db):
    assert LabFactory().risk_phrase_list() == []


def test_the_settings_page_says_what_is_built_in_and_that_the_labs_phrases_add_to_it(cast, client_for):
    page = client_for(cast.team).get("/labs/the-lab/team/settings/").content.decode()
    assert "Your own risk phrases (optional)" in page
    assert "Every message is already checked" in page
    assert "phrases your community uses that the built-in check may not know" in page.casefold()


def test_labs_still_on_the_former_default_get_an_empty_list_and_changed_lists_are_kept(db):
    untouched = LabFactory(slug="untouched", risk_phrases=FORMER_DEFAULT)
    saved_by_a_browser = LabFactory(slug="saved", risk_phrases=FORMER_DEFAULT.replace("\n", "\r\n") + "\r\n")
    added_to = LabFactory(slug="added-to", risk_phrases=FORMER_DEFAULT + "\nin a dark place")
    trimmed = LabFactory(slug="trimmed", risk_phrases="suicidal\nwant to die")
    migration.empty_the_former_default(apps, None)
    phrases = dict(Lab.objects.values_list("slug", "risk_phrases"))
    assert phrases[untouched.slug] == ""
    assert phrases[saved_by_a_browser.slug] == ""
    assert phrases[added_to.slug] == FORMER_DEFAULT + "\nin a dark place"
    assert phrases[trimmed.slug] == "suicidal\nwant to die"
