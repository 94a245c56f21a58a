"""Every Dash component id in one place, so layout, callbacks, the page's JavaScript and browser tests agree.

The JavaScript in assets/ reads them from `window.explorerIds`, which the app serves as `ids.js` (see
`javascript()`): no id is written twice.
"""

import json

URL = "url"
STATE = "view-state"
CENTRE = "centre-request"
CENTRED = "centre-done"

DATASET = "dataset-select"
LAYER = "layer-radio"
HIGHLIGHT = "highlight-radio"
SECTORS = "sector-filter"
BASIS_FILTER = "basis-filter"  # only what the paper states
SEARCH = "search-select"
FOCUS = "focus-select"
HOPS = "hops-select"
CLEAR = "clear-selection"
VIEW_TABS = "view-tabs"

BANNER = "illustrative-banner"
CAPTION = "map-caption"
MAP = "map"
LEGEND = "legend"
EVIDENCE = "evidence-panel"
HIGHLIGHT_PANEL = "highlight-panel"
TABLE_ELEMENTS = "table-elements"
TABLE_CONNECTIONS = "table-connections"
TABLE_PANEL = "table-panel"
MAP_PANEL = "map-panel"
EXCLUSION_GROUP = "exclusion-group-select"
GAP_LIST = "gap-list"
ERROR_ALERT = "error-alert"

COMPARE = "compare-select"
MODE = "compare-mode"
MAP2 = "map-compare"
CAPTION2 = "map-caption-compare"
MAP2_COLUMN = "map-compare-column"
MATRIX_PANEL = "matrix-panel"
ATTENDANCE_GRAPH = "attendance-matrix"
EXCLUSION_TABLE = "exclusion-matrix"
ANALYSIS_PANEL = "analysis-panel"
PATH_FROM = "path-from"
PATH_TO = "path-to"
PATH_RESULT = "path-result"
BROKERS = "brokers-list"
METRICS_TABLE = "metrics-table"
DIFF_TABLE = "diff-table"

# Workshop mode (explorer/web/workshop.py): notes and votes, saved views, presentations
WHOAMI = "workshop-whoami"
NOTES_LIST = "notes-list"
NOTES_EDIT = "notes-edit"
NOTE_AUTHOR = "note-author"
NOTE_TEXT = "note-text"
NOTE_ADD = "note-add"
NOTE_DELETE = "note-delete"  # pattern-matching type: {"type": NOTE_DELETE, "id": note id}
VOTE_AGREE = "vote-agree"
VOTE_DISAGREE = "vote-disagree"
NOTES_MSG = "notes-message"
NOTES_REV = "notes-revision"
NOTES_TABLE = "table-notes"
VIEW_LIST = "view-list"
VIEW_OPEN = "view-open"
VIEWS_EDIT = "views-edit"
VIEW_NAME = "view-name"
VIEW_SAVE = "view-save"
VIEW_RENAME = "view-rename"
VIEW_DELETE = "view-delete"
VIEW_ADD = "view-add-to-presentation"
DECK_SELECT = "presentation-select"
DECK_EDIT = "presentation-edit"
DECK_NAME = "presentation-name"
DECK_NEW = "presentation-new"
DECK_RENAME = "presentation-rename"
DECK_DELETE = "presentation-delete"
DECK_START = "presentation-start"
SLIDE_LIST = "slide-list"
SLIDE_UP = "slide-up"
SLIDE_DOWN = "slide-down"
SLIDE_REMOVE = "slide-remove"
VIEWS_MSG = "views-message"
VIEWS_REV = "views-revision"
PRESENT_BAR = "present-bar"
PRESENT_TITLE = "present-title"
PRESENT_COUNTER = "present-counter"
PRESENT_PREV = "present-prev"
PRESENT_NEXT = "present-next"
PRESENT_EXIT = "present-exit"
PRESENT_FULL = "present-fullscreen"
WORKSHOP_STYLE = "workshop-style"
PRESENT_MODE = "present-mode"

# Image and report-pack export (explorer/web/exports.py)
EXPORT_CONTROLS = "export-controls"
EXPORT_FORMAT = "export-format"
EXPORT_SCALE = "export-scale"
EXPORT_IMAGE = "export-image-button"
EXPORT_IMAGE_DOWNLOAD = "export-image-download"
EXPORT_REPORT = "export-report-button"
EXPORT_REPORT_DOWNLOAD = "export-report-download"
EXPORT_REPORT_STATUS = "export-report-status"

UPLOAD = "import-upload"
IMPORT_STATUS = "import-status"
IMPORT_ERRORS = "import-errors"
IMPORT_MODAL = "import-errors-modal"
IMPORT_MODAL_TITLE = "import-errors-title"
RENDERED_DATASET = "rendered-dataset"


# Parts of panels and cards that tests and scripts reach.
EXCLUSION_GROUP_BOX = "exclusion-group-box"
HIGHLIGHT_CARD = "highlight-card"
LAYER_HELP = "layer-help"
HIGHLIGHT_HELP = "highlight-help"
DIFF_LIST = "diff-list"
BROKER_LIST = "broker-list"
PATH_STEPS = "path-steps"
NOTES_CARD = "notes-card"
VIEWS_CARD = "views-card"
VOTE_TALLY = "vote-tally"


def all_ids() -> dict[str, str]:
    """Every id by its constant's name.

    >>> all_ids()["MAP"]
    'map'
    """
    return {name: value for name, value in globals().items() if name.isupper() and isinstance(value, str)}


def javascript() -> str:
    """The ids as a script for the page: `window.explorerIds.MAP` is 'map'."""
    return "window.explorerIds = " + json.dumps(all_ids(), sort_keys=True) + ";\n"
