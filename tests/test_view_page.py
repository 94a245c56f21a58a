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


def test_the_fit_padding_is_the_one_the_browser_fits_with():
    """The label sizes (styles.CANVAS) assume the padding assets/20-fit.js leaves round the anchors."""
    import re
    from pathlib import Path

    from explorer.view.page import map_layout
    from explorer.view.state import ViewState
    from explorer.view.styles import FIT_PADDING

    script = (Path(__file__).parent.parent / "assets" / "20-fit.js").read_text()
    assert int(re.search(r"var PAD = (\d+);", script).group(1)) == FIT_PADDING
    assert map_layout(ViewState())["padding"] == FIT_PADDING
