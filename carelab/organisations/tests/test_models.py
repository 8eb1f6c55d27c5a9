import pytest
from django.db import IntegrityError, transaction

from carelab.organisations.models import Organisation
from carelab.organisations.tests.factories import OrganisationFactory


def test_the_database_refuses_a_second_organisation_whose_name_differs_only_in_case(cast):
    OrganisationFactory(lab=cast.lab, name="Tyneside Network")
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(lab=cast.lab, name="TYNESIDE network")
    OrganisationFactory(lab=cast.other_lab, name="Tyneside Network")  # another lab may use the name


def test_name_taken_ignores_case_and_spacing_and_can_leave_out_the_organisation_being_edited(cast):
    organisation = OrganisationFactory(lab=cast.lab, name="Caf\u00e9 Conversations")
    ours = Organisation.objects.for_lab(cast.lab)
    assert ours.name_taken("  CAF\u00c9   conversations")
    assert not ours.name_taken("Caf\u00e9 Conversations", exclude_pk=organisation.pk)
    assert not Organisation.objects.for_lab(cast.other_lab).name_taken("Caf\u00e9 Conversations")


def test_the_choices_for_a_form_are_the_labs_public_organisations_alphabetically(cast):
    OrganisationFactory(lab=cast.lab, name="beta Group")
    OrganisationFactory(lab=cast.lab, name="Alpha Group")
    OrganisationFactory(lab=cast.lab, name="Hidden Group", hidden=True)
    OrganisationFactory(lab=cast.other_lab, name="Another Lab's Group")
    choices = Organisation.objects.for_lab(cast.lab).public().alphabetical()
    assert [organisation.name for organisation in choices] == ["Alpha Group", "beta Group"]
