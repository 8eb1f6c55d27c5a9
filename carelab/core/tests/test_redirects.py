import pytest

from carelab.core.redirects import next_or


@pytest.mark.parametrize("posted", ["/labs/the-lab/connect/", "/privacy/?page=2"])
def test_a_posted_next_page_on_this_site_is_followed(rf, posted):
    assert next_or(rf.post("/", {"next": posted}), "/default/") == posted


@pytest.mark.parametrize(
    "posted",
    # Found by the fuzz test: a word that is not a path made redirect() look for a view of that name (a 500).
    ["0000-00-00", "home", "https://elsewhere.example/", "//elsewhere.example/", "/path\x00", "/a\nb", ""],
)
def test_anything_but_a_path_on_this_site_goes_to_the_default(rf, posted):
    assert next_or(rf.post("/", {"next": posted}), "/default/") == "/default/"
