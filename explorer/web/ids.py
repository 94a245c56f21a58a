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
# Projector mode (explorer/web/projector.py): the switch, the browser's note of the mode, the legend's hide button
PROJECTOR = "projector-switch"
PROJECTOR_MODE = "projector-mode"
LEGEND_HIDE = "legend-hide"
LEGEND_CARD = "legend-card"
EVIDENCE_CARD = "evidence-card"

BANNER = "illustrative-banner"
CAPTION = "map-caption"
CAPTION_VIEWS = "map-caption-views"  # the caption of each view the browser switches to by itself
MAP = "map"
# Every view of the main map the browser may switch to by itself (explorer.view.bundle; assets/35-map-restyle.js).
MAP_BUNDLE = "map-bundle"
# The other shipped areas' bundles, fetched once the map has painted, so an area pick is drawn in the browser too:
# asked for with the map's key, answered as {"base": key, "area": its area, "areas": {id: {"key", "bundle"}}}.
MAP_AREAS_ASK = "map-areas-ask"
MAP_AREAS = "map-areas"
BUNDLES_HELD = (
    "map-bundles-held"  # the tokens of the bundles the browser holds: the server sends them no more
)
# The query the layout drew the page for, until the URL sync has seen the page (explorer/web/first_view.py).
FIRST_VIEW = "first-view"
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
# The lazily drawn tabs' contents (explorer/web/layout.py), which of them are drawn, and the matrix's last
# clicked cell (the graph is not always in the page, so the URL sync reads the cell from this store).
TABLE_BOX = "table-contents"
MATRIX_BOX = "matrix-contents"
ANALYSIS_BOX = "analysis-contents"
PAGES_FILLED = "pages-filled"
MATRIX_CLICK = "matrix-click"

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
VOTE_WITHDRAW = "vote-withdraw"
NOTES_MSG = "notes-message"
NOTES_REV = "notes-revision"
VOTER = "anonymous-voter"  # a random token in the browser, so anonymous voters each keep one vote
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
EXPORT_IMAGE_RUNNING = "export-image-running"  # the image's progress bar and step, shown while it is drawn
EXPORT_IMAGE_PROGRESS = "export-image-progress"
EXPORT_IMAGE_STEP = "export-image-step"
EXPORT_REPORT = "export-report-button"
EXPORT_REPORT_DOWNLOAD = "export-report-download"
EXPORT_REPORT_STATUS = "export-report-status"
EXPORT_NO_NAMES = "export-no-names"  # leave the names on notes and votes out of what is exported
EXPORT_NOTES = "export-notes-button"
EXPORT_NOTES_DOWNLOAD = "export-notes-download"
EXPORT_REPORT_RUNNING = "export-report-running"  # the progress bar, its step and Cancel, shown while building
EXPORT_REPORT_PROGRESS = "export-report-progress"
EXPORT_REPORT_STEP = "export-report-step"
EXPORT_REPORT_CANCEL = "export-report-cancel"

# Rooms (explorer/web/rooms.py): the facilitator's card, and the follower's bar on /room/<code>
ROOM_CODE = "room-code"  # a contract: scripts and tests read the code from this element
ROOM_CARD = "room-card"
ROOM_LINK = "room-link"
ROOM_QR = "room-qr"
ROOM_OPEN = "room-open"
ROOM_OPENER = "room-opener"  # the hint and the "Open a room" button, hidden while a room is open
ROOM_CLOSE = "room-close"
ROOM_MSG = "room-message"
ROOM_GO = "room-location"
ROOM_DETAILS = "room-details"
ROOM_BAR = "room-bar"
ROOM_FOLLOW_STATUS = "room-follow-status"
ROOM_STEP_OUT = "room-step-out"
ROOM_REJOIN = "room-rejoin"
ROOM_POLL = "room-poll"
ROOM_FOLLOW = "room-follow"
ROOM_SEEN = "room-seen"

# Editing a map into versions (explorer/web/editor.py)
EDITOR_CARD = "editor-card"
EDIT_INFO = "edit-info"
EDIT_VERSIONS = "edit-versions"
EDIT_REV = "edit-revision"
EDIT_MSG = "edit-message"
EDIT_UNDO = "edit-undo"
EDIT_REDO = "edit-redo"
EDIT_ITEM = "edit-item"
EDIT_ELEMENT_FIELDS = "edit-element-fields"
EDIT_CONNECTION_FIELDS = "edit-connection-fields"
EDIT_LABEL = "edit-label"
EDIT_TYPE = "edit-type"
EDIT_SECTOR = "edit-sector"
EDIT_LAYERS = "edit-layers"
EDIT_LAYER = "edit-layer"
EDIT_KIND = "edit-kind"
EDIT_STATUS = "edit-status"
EDIT_BASIS = "edit-basis"
EDIT_DESCRIPTION = "edit-description"
EDIT_SAVE = "edit-save"
EDIT_REMOVE = "edit-remove"
EDIT_NEW_LABEL = "edit-new-label"
EDIT_NEW_TYPE = "edit-new-type"
EDIT_NEW_SECTOR = "edit-new-sector"
EDIT_NEW_LAYER = "edit-new-layer"
EDIT_ADD_ELEMENT = "edit-add-element"
EDIT_FROM = "edit-link-from"
EDIT_TO = "edit-link-to"
EDIT_NEW_KIND = "edit-new-kind"
EDIT_NEW_STATUS = "edit-new-status"
EDIT_NEW_LINK_LAYER = "edit-new-link-layer"
EDIT_ADD_LINK = "edit-add-link"
EDIT_CITE_GROUP = "edit-cite-group"
EDIT_CITE_DATE = "edit-cite-date"
EDIT_CITE_TEXT = "edit-cite-text"
EDIT_CITE = "edit-cite"

UPLOAD = "import-upload"
IMPORT_STATUS = "import-status"
IMPORT_ERRORS = "import-errors"
IMPORT_MODAL = "import-errors-modal"
IMPORT_MODAL_TITLE = "import-errors-title"
# The import preview (explorer/web/import_preview.py): nothing loads until IMPORT_CONFIRM.
IMPORT_PREVIEW = "import-preview"
IMPORT_PREVIEW_TITLE = "import-preview-title"
IMPORT_PREVIEW_SUMMARY = "import-preview-summary"
IMPORT_PREVIEW_MAPPING = "import-preview-mapping"
IMPORT_PREVIEW_NOTES = "import-preview-notes"
IMPORT_CHOICE = "import-choice"  # the type of the pattern-matching ids {"type", "kind", "source"}
IMPORT_CONFIRM = "import-confirm"
IMPORT_CANCEL = "import-cancel"
IMPORT_DELETE = "import-delete"
IMPORT_DELETE_STATUS = "import-delete-status"

# One store per part of the page (explorer.view.page.Part): the URL sync sets only the parts that change,
# so each part's callback runs only then.
PART_MAP = "part-map"
PART_CAPTION = "part-caption"
PART_LEGEND = "part-legend"
PART_EVIDENCE = "part-evidence"
PART_TABLES = "part-tables"
PART_PAGES = "part-pages"
PART_OPTIONS = "part-options"
PART_MATRIX = "part-matrix"
PART_ANALYSIS = "part-analysis"
PART_ROOM = "part-room"
PART_EDITOR = "part-editor"
PART_NOTES = "part-notes"
PART_NOTES_TABLE = "part-notes-table"
PART_IMPORTS = "part-imports"
PARTS = {
    "map": PART_MAP,
    "caption": PART_CAPTION,
    "legend": PART_LEGEND,
    "evidence": PART_EVIDENCE,
    "tables": PART_TABLES,
    "pages": PART_PAGES,
    "options": PART_OPTIONS,
    "matrix": PART_MATRIX,
    "analysis": PART_ANALYSIS,
    "room": PART_ROOM,
    "editor": PART_EDITOR,
    "notes": PART_NOTES,
    "notes-table": PART_NOTES_TABLE,
    "imports": PART_IMPORTS,
}

# Safety (explorer/web/safety.py) and the map by keyboard (explorer/web/map_keyboard.py)
QUICK_EXIT = "quick-exit"
CONTENT_NOTE = "content-note"
CONTENT_NOTE_CLOSE = "content-note-close"
MAP_ANNOUNCE = "map-announce"
MAP_KEYS_BUTTON = "map-keys-button"
MAP_KEYS_DIALOG = "map-keys-dialog"
MAP_KEYS_TITLE = "map-keys-title"


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
