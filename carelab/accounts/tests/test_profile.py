from carelab.accounts.models import User
from carelab.accounts.tests.factories import UserFactory
from carelab.accounts.tests.pages import assert_accessible_page
from carelab.core.tests.html import text_of


def test_profile_shows_the_persons_details_and_links_to_manage_sign_in(client_for, db):
    person = UserFactory(display_name="Sam", organisation="A local Mind", role_title="Peer support worker")
    page = assert_accessible_page(client_for(person).get("/accounts/profile/"), title="Your account")
    assert page.select_one("input[name=display_name]")["value"] == "Sam"
    assert page.select_one("input[name=organisation]")["value"] == "A local Mind"
    assert page.select_one("input[name=role_title]")["value"] == "Peer support worker"
    assert person.email in text_of(page.select_one(".nhsuk-summary-list"))
    hrefs = {a["href"] for a in page.select("main a")}
    assert {"/accounts/email/", "/accounts/password/change/", "/accounts/2fa/", "/accounts/delete/"} <= hrefs


def test_profile_says_whether_two_factor_sign_in_is_on(client_for, db):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    person = UserFactory()
    client = client_for(person)
    rows = {text_of(row.select_one("dt")): text_of(row.select_one("dd")) for row in _rows(client)}
    assert rows["Two-factor sign-in"] == "Off"
    TOTP.activate(person, generate_totp_secret())
    rows = {text_of(row.select_one("dt")): text_of(row.select_one("dd")) for row in _rows(client)}
    assert rows["Two-factor sign-in"] == "On"


def _rows(client):
    return assert_accessible_page(client.get("/accounts/profile/")).select(".nhsuk-summary-list__row")


def test_saving_the_profile_changes_the_name_others_see(client_for, db):
    person = UserFactory(display_name="Old name")
    client = client_for(person)
    response = client.post(
        "/accounts/profile/", {"display_name": "  New name ", "organisation": "An NHS trust", "role_title": ""}
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"
    person.refresh_from_db()
    assert (person.display_name, person.organisation, person.role_title) == ("New name", "An NHS trust", "")
    page = assert_accessible_page(client.get("/accounts/profile/"))
    assert "Your details have been saved." in text_of(page.select_one(".nhsuk-notification-banner"))
    assert "New name" in text_of(page.select_one("header"))


def test_display_name_is_required_and_typed_text_is_kept(client_for, db):
    person = UserFactory(display_name="Kept name", organisation="")
    client = client_for(person)
    response = client.post(
        "/accounts/profile/", {"display_name": "", "organisation": "Typed organisation", "role_title": "Typed role"}
    )
    page = assert_accessible_page(response, title="Error: Your account")
    assert text_of(page.select_one(".nhsuk-error-summary a[href='#id_display_name']")) == "Enter a display name"
    assert text_of(page.select_one("#id_display_name-error")).endswith("Enter a display name")
    assert page.select_one("input[name=organisation]")["value"] == "Typed organisation"
    assert page.select_one("input[name=role_title]")["value"] == "Typed role"
    # Nothing was saved, and the header still shows the saved name.
    assert User.objects.get(pk=person.pk).organisation == ""
    assert "Kept name" in text_of(page.select_one("header"))


def test_an_email_address_cannot_be_used_as_a_display_name(client_for, db):
    person = UserFactory()
    response = client_for(person).post("/accounts/profile/", {"display_name": person.email})
    page = assert_accessible_page(response)
    assert "not an email address" in text_of(page.select_one(".nhsuk-error-summary"))
    assert page.select_one("input[name=display_name]")["value"] == person.email


def test_profile_page_makes_the_same_number_of_queries_with_more_memberships(
    client_for, db, django_assert_max_num_queries
):
    from carelab.labs.tests.factories import MembershipFactory

    person = UserFactory()
    client = client_for(person)
    MembershipFactory(user=person)
    with django_assert_max_num_queries(8) as few:
        client.get("/accounts/profile/")
    for _ in range(5):
        MembershipFactory(user=person)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/accounts/profile/")
