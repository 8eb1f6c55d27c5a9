from carelab.lib.regions import REGIONS, region_code, region_name


def test_every_region_code_is_unique_and_named():
    codes = [code for code, _ in REGIONS]
    assert len(codes) == len(set(codes))
    assert all(name for _, name in REGIONS)


def test_region_code_accepts_the_code_or_the_name_in_any_case_and_spacing():
    assert region_code("yorkshire") == "yorkshire"
    assert region_code("  Yorkshire and   the humber ") == "yorkshire"
    assert region_code("NORTH EAST") == "north_east"


def test_region_code_refuses_what_is_not_a_region():
    assert region_code("Narnia") is None
    assert region_code("") is None


def test_region_name_shows_an_unknown_code_as_it_is():
    assert region_name("london") == "London"
    assert region_name("atlantis") == "atlantis"
