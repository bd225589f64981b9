"""How a workbook's sheets are laid out: each column's width, each row's height, and how a
sheet prints on A4 (`extract.write.xlsx` writes them).

A column is as wide as its longest text, up to a cap by kind of text; LibreOffice does not fit
a row's height to its wrapped text on opening a workbook, so each row is given the height of
its longest text, wrapped at its column's width. Printed, a sheet that fits one page's width at
PRINT_SCALE_MIN or more prints one page wide; a wider one (the resources) prints in bands of
whole columns, a page wide each at PRINT_SCALE_MIN.
"""

from __future__ import annotations

from collections.abc import Sequence

NUMBER_COLUMNS = frozenset({"page", "year", "year_end", "resources", "row"})
WRAPPED_COLUMNS = frozenset(
    {
        *("card_id", "part", "theme", "title", "publisher", "description", "url", "links"),
        *("group", "message"),
    }
)
# Widest a column grows (in characters) before its text wraps or is cut at the edge.
WIDTH_CAPS = {
    "description": 90,
    "title": 50,
    "message": 90,
    "url": 45,
    "links": 45,
    "extracted": 45,
    "value": 45,
    "note": 60,
}
WIDTH_CAP = 36
# LibreOffice does not fit a row's height to its wrapped text on opening a workbook, so each
# row is given the height of its longest text, wrapped at the column's width. A width counts
# digits, wider than an average letter: a line holds about 1.2 times as many characters
# (measured in LibreOffice); a little less is counted, as a row too tall hides nothing.
LINE_HEIGHT = 15.0  # points, for the default 11-point font
ROW_MAX = 409.0  # Excel's tallest row, in points
LETTERS_PER_WIDTH = 1.15

# Printed on A4 in landscape, the header row on every page. A sheet that fits one page's width
# at PRINT_SCALE_MIN or more is printed one page wide; a wider one (the resources) is printed
# in bands of whole columns, a page wide each at PRINT_SCALE_MIN, its first column (the card_id
# that names the row) repeated on every page, the bands of a set of rows one after the other.
A4 = 9  # Excel's paper size code
PRINT_MARGIN = 0.4  # inches, left and right (and the page's width is that of A4 in landscape)
PRINT_WIDTH = 72 * (297 / 25.4 - 2 * PRINT_MARGIN)  # points within the margins
PRINT_SCALE_MIN = 85  # percent: the 11-point text printed at 9.35 points
LIBREOFFICE_WIDER = 1.06
FOOTER = "&L&A&R&P / &N"  # the sheet's name, and the page number of the number of pages


def wrapped_lines(text: str, width: int) -> int:
    """How many lines `text` takes, wrapped at spaces into lines of `width` characters."""
    lines, used = 1, 0
    for word in text.split(" "):
        size = len(word)
        if used and used + 1 + size > width:
            lines, used = lines + 1, 0
        used += size + (1 if used else 0)
        while used > width:  # a word longer than a line is cut
            lines, used = lines + 1, used - width
    return lines


def column_points(width: float) -> float:
    """The printed width in points of a column `width` characters wide: Excel's rule for its
    default font (7 pixels a character and 5 of padding, at 96 pixels an inch), and the 6% more
    LibreOffice gives it (measured with Carlito, Calibri's metric twin: a 36-character column
    prints 173 points wide at 85%, where Excel's rule gives 164)."""
    return (int(width * 7 + 0.5) + 5) * 0.75 * LIBREOFFICE_WIDER


def print_layout(widths: Sequence[float]) -> tuple[int, list[int]]:
    """How a sheet with these column widths prints: the scale (percent), and the columns that
    begin a new page across (none when the sheet prints one page wide)."""
    points = [column_points(w) for w in widths]
    if sum(points) <= PRINT_WIDTH:
        return 100, []
    scale = int(100 * PRINT_WIDTH / sum(points))
    if scale >= PRINT_SCALE_MIN:
        return scale, []
    room = PRINT_WIDTH * 100 / PRINT_SCALE_MIN
    breaks: list[int] = []
    used = points[0]
    for col in range(1, len(points)):
        if used + points[col] > room and used > points[0]:
            breaks.append(col)
            used = points[0]  # the first column again, then this one
        used += points[col]
    return PRINT_SCALE_MIN, breaks


def width_of(name: str, texts: Sequence[str]) -> int:
    longest = max((len(t) for t in texts), default=0)
    return min(WIDTH_CAPS.get(name, WIDTH_CAP), max(len(name) + 3, longest + 2))
