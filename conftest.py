"""Names every docstring example in the package may use without importing them."""

import os

# lxml is a test-only dependency (it validates the GraphML and GEXF exports against their XSDs). openpyxl
# switches to lxml whenever it can import it, which the app never does; keep the tests on the app's writer.
os.environ.setdefault("OPENPYXL_LXML", "False")

import pytest

from explorer.data.sample import demo_dataset


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace):
    doctest_namespace["demo_dataset"] = demo_dataset
