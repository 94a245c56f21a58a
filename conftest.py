"""Names every docstring example in the package may use without importing them."""

import pytest

from explorer.data.sample import demo_dataset


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace):
    doctest_namespace["demo_dataset"] = demo_dataset
