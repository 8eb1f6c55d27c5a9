"""The demo lab's organisations, its partners among them."""

from carelab.core.tests.html import parse, text_of
from carelab.demo import content
from carelab.demo.organisations import HIDDEN, ORGANISATIONS, load_demo_organisations
from carelab.labs.tests.factories import LabFactory
from carelab.lib.regions import REGIONS
from carelab.organisations.models import Organisation


def test_the_demo_lists_organisations_in_every_region_with_the_labs_partners_and_can_run_again(client, db):
    lab = LabFactory(slug="demo-lab")
    load_demo_organisations(lab)
    load_demo_organisations(lab)
    organisations = Organisation.objects.for_lab(lab)
    assert organisations.count() == len(ORGANISATIONS) + 1 + len(content.PARTNERS)
    assert 25 <= organisations.count() <= 35
    assert set(organisations.public().values_list("region", flat=True)) == {code for code, _ in REGIONS}
    assert set(organisations.partners().values_list("name", flat=True)) == {p["name"] for p in content.PARTNERS}
    assert list(organisations.filter(is_public=False).values_list("name", flat=True)) == [HIDDEN[0]]
    websites = organisations.exclude(website="").values_list("website", flat=True)
    assert websites and all(website.endswith(".example.org") for website in websites)
    home = parse(client.get("/labs/demo-lab/"))
    partners_on_home = text_of(home.select_one("#partners"))
    assert all(partner["name"] in partners_on_home for partner in content.PARTNERS)
    directory = parse(client.get("/labs/demo-lab/organisations/", {"region": "wales"}))
    assert len(directory.select("#organisations h2")) == 2


def test_loaddemo_gives_the_demo_lab_its_organisations(demo_lab, client, db):
    lab = demo_lab
    assert Organisation.objects.for_lab(lab).count() == len(ORGANISATIONS) + 1 + len(content.PARTNERS)
    directory = parse(client.get("/labs/pain-and-mental-health/organisations/", {"region": "scotland"}))
    assert [text_of(heading) for heading in directory.select("#organisations h2")] == [
        "Clydeside Peer Support Network",
        "Highland Steps to Wellbeing",
    ]
