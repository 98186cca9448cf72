"""The one palette of okrdesk: status colours, their words and symbols, series colours.

Used by every view, the charts and the Excel export, so it is plain hex strings
with no Qt. A status is never shown by colour alone: pair ``STATUS_COLOURS``
with ``STATUS_WORDS`` or ``STATUS_SYMBOLS`` (colour-blind readers, print-outs).
"""

from okrdesk.domain.entities import Pace, Status

# Calm, print-safe status colours (readable on white and on the dark theme).
STATUS_COLOURS: dict[Status, str] = {
    Status.GREEN: "#2E8540",
    Status.AMBER: "#C77C02",
    Status.RED: "#C62828",
}
# Light tints for backgrounds behind the status colour (cells, bands).
STATUS_TINTS: dict[Status, str] = {
    Status.GREEN: "#E3F1E6",
    Status.AMBER: "#FBEFD9",
    Status.RED: "#F8E1E1",
}
STATUS_WORDS: dict[Status, str] = {
    Status.GREEN: "On target",
    Status.AMBER: "Watch",
    Status.RED: "Off target",
}
STATUS_SYMBOLS: dict[Status, str] = {
    Status.GREEN: "\u25cf",  # filled circle
    Status.AMBER: "\u25b2",  # triangle
    Status.RED: "\u25a0",  # square
}

PACE_STATUS: dict[Pace, Status] = {
    Pace.ON_TRACK: Status.GREEN,
    Pace.AT_RISK: Status.AMBER,
    Pace.OFF_TRACK: Status.RED,
}
PACE_WORDS: dict[Pace, str] = {
    Pace.ON_TRACK: "On track",
    Pace.AT_RISK: "At risk",
    Pace.OFF_TRACK: "Off track",
}

NO_STATUS_COLOUR = "#8A94A6"  # grey: no target or no value yet
ACCENT = "#2563EB"  # selection, links, primary buttons
INK = "#1F2937"  # body text on light backgrounds
MUTED_INK = "#6B7280"  # secondary text
SURFACE = "#FFFFFF"
CANVAS = "#F5F6F8"  # window background behind cards
BORDER = "#E2E5EA"

# Series colours for charts, in order; distinguishable for common colour blindness.
SERIES_COLOURS: tuple[str, ...] = (
    "#2563EB",  # blue
    "#D97706",  # orange
    "#059669",  # green
    "#7C3AED",  # violet
    "#DB2777",  # pink
    "#0891B2",  # cyan
    "#65A30D",  # lime
    "#9F1239",  # wine
)
