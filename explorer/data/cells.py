"""Make cell text safe to write into spreadsheets and XML, reversibly where the loader must read it back.

A cell that starts with `=`, `+`, `-`, `@`, tab or carriage return can run as a formula when a CSV or XLSX
export is opened in a spreadsheet (OWASP, "CSV Injection"), so the writers prefix it with an apostrophe,
which spreadsheets treat as "this is text". The loader must still give back the same dataset, so `restore`
undoes exactly what `neutralise` did:

- `neutralise` prefixes any text matching `'*[=+-@\\t\\r]` (so text that already starts with apostrophes
  before a trigger character gains one more and stays distinguishable);
- `restore` strips one apostrophe from any text matching `'+[=+-@\\t\\r]`.

Plain negative numbers such as `-1` (a Kumu Strength) are left alone: they cannot run as formulas, and a
spreadsheet should see a number, not the text `'-1`.
"""

from __future__ import annotations

import re

TRIGGERS = "=+-@\t\r"
_NEEDS_PREFIX = re.compile(r"'*[=+\-@\t\r]")
_PREFIXED = re.compile(r"'+[=+\-@\t\r]")
_NEGATIVE_NUMBER = re.compile(r"-(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# Characters XML 1.0 (and so XLSX, GraphML and GEXF) cannot hold at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def neutralise(text: str) -> str:
    """The text to write into a CSV or XLSX cell so that no spreadsheet runs it as a formula."""
    if _NEEDS_PREFIX.match(text) and not _NEGATIVE_NUMBER.fullmatch(text):
        return "'" + text
    return text


def restore(text: str) -> str:
    """The original text of a cell that `neutralise` (or a person following the same convention) wrote."""
    if _PREFIXED.match(text):
        return text[1:]
    return text


def xml_text(text: str) -> str:
    """Text without the control characters XML 1.0 cannot carry; writers would otherwise fail or emit
    files no reader accepts. Tab, line feed and carriage return are kept."""
    return _NOT_XML.sub("", text)


def keep_carriage_returns(xml: bytes) -> bytes:
    """Serialised XML with each carriage return written as the reference `&#13;`.

    XML writers (ElementTree, openpyxl) put a carriage return into element text as it is, and every XML
    parser reads it back as a line feed; the reference survives. In attributes the writers already use
    it, and they put none in markup, so replacing every one is safe.
    """
    return xml.replace(b"\r", b"&#13;")


# An imported attribute whose name a graph format or our readers take for something else (`label`, `x`,
# `weight`) is exported under this prefix (writers/network.py) and read back without it (readers/foreign.py).
ATTRIBUTE_PREFIX = "attribute:"

_NAME_ESCAPE = re.compile(r"_x([0-9A-F]{4}|[0-9A-F]{6})_")


def graphml_name(name: str) -> str:
    """A name GraphML's schema accepts as `attr.name` (an NMTOKEN): other characters as `_xHHHH_`.

    >>> graphml_name("Modularity Class"), name_from_graphml(graphml_name("Modularity Class"))
    ('Modularity_x0020_Class', 'Modularity Class')
    >>> name_from_graphml(graphml_name("a_x0020_b (2)"))
    'a_x0020_b (2)'
    """
    out = []
    for i, ch in enumerate(name):
        if ch == "_" and _NAME_ESCAPE.match(name, i):
            out.append("_x005F_")  # a literal "_x…_" stays literal when read back
        elif ch in ".-_:" or ch.isalnum():
            out.append(ch)
        else:
            out.append(f"_x{ord(ch):04X}_" if ord(ch) <= 0xFFFF else f"_x{ord(ch):06X}_")
    return "".join(out)


def name_from_graphml(name: str) -> str:
    return _NAME_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), name)
