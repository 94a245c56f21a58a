"""The page-level view model (explorer/view/page.py), without Dash."""

from explorer.data.catalog import DEFAULT_DATA_DIR, load_catalog
from explorer.view.page import banner_colour


def test_banner_colour_follows_the_provenance_of_both_maps():
    maps = {d.id: d for d in load_catalog(DEFAULT_DATA_DIR).maps()}
    study = maps["study"]
    areas = [d for d in maps.values() if d.is_illustrative]
    assert areas, "the shipped data has illustrative areas"
    assert banner_colour(study) == "light"
    assert banner_colour(areas[0]) == "warning"
    assert banner_colour(study, areas[0]) == "warning"  # an illustrative comparison warns too
