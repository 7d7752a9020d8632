"""Bar, stacked-bar and line charts as SVG, drawn on the server from a `Figure`: no script, no outside CDN.

Bars run horizontally so long Chinese labels (专业大类 names) read on the left at any width; the SVG scales to its
box through `viewBox`, so the page never scrolls sideways on a phone. Every chart is an image with a `<title>`
(`role="img"`, `aria-label`); the numbers themselves are in the table beside it. Colours are presentation
attributes, not `style`, so the content security policy has nothing to object to.
"""

from django.utils.html import escape

WIDTH = 420
LABEL_WIDTH = 140
VALUE_ROOM = 44
BAR = 20
GAP = 10
CHAR = 15  # the width of one Chinese character at the font size below
TOP = 8
PALETTE = ["#0b5cab", "#1b7f3b", "#c17d00", "#8e44ad", "#b42318", "#0e7c86", "#5f6b7a"]
INK = "#1f2933"
MUTED = "#5f6b7a"


def render(figure):
    """The figure's chart as SVG markup, or an empty string for a table-only figure or no data."""
    if figure.chart == "none" or not figure.rows:
        return ""
    if figure.chart == "line":
        return line_chart(figure)
    return bar_chart(figure, stacked=figure.chart == "stacked")


def _number(value):
    return f"{value:g}" if isinstance(value, float) else str(value)


def _svg(title, height, body):
    label = escape(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="{label}" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'font-family="system-ui, sans-serif" font-size="{CHAR}">'
        f"<title>{label}</title>{''.join(body)}</svg>"
    )


def _legend(names):
    """One swatch per series above the bars, wrapping onto new lines; returns (elements, height taken)."""
    if len(names) < 2:
        return [], 0
    parts, x, y = [], 0, TOP
    for index, name in enumerate(names):
        needed = 28 + CHAR * len(name)
        if x and x + needed > WIDTH:
            x, y = 0, y + 24
        colour = PALETTE[index % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="{y + 2}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="{y + 13}" fill="{INK}">{escape(name)}</text>')
        x += needed
    return parts, y - TOP + 28


def bar_chart(figure, stacked=False):
    names = figure.series_names
    series = [figure.values(i) for i in figure.series]
    per_row = 1 if stacked or len(series) == 1 else len(series)
    totals = [sum(values) for values in zip(*series, strict=True)] if stacked else []
    largest = max(totals or [v for values in series for v in values] or [0]) or 1
    scale = (WIDTH - LABEL_WIDTH - VALUE_ROOM) / largest
    parts, y = _legend(names)
    y += TOP
    for row_index, row in enumerate(figure.rows):
        band = per_row * BAR
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + band / 2 + 5:.1f}" text-anchor="end" fill="{INK}">'
            f"{escape(_fit_label(str(row[0])))}</text>"
        )
        parts += _row_bars(series, row_index, names, y, scale, stacked)
        y += band + GAP
    return _svg(figure.title, y + TOP, parts)


def _row_bars(series, row_index, names, y, scale, stacked):
    parts, x = [], LABEL_WIDTH
    for index, values in enumerate(series):
        value = values[row_index]
        colour = PALETTE[index % len(PALETTE)]
        width = value * scale
        top = y if stacked else y + index * BAR
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{top}" width="{width:.1f}" height="{BAR - 2}" fill="{colour}">'
            f"<title>{escape(str(names[index]))}：{_number(value)}</title></rect>"
        )
        if stacked:
            x += width
        else:
            parts.append(_value_label(LABEL_WIDTH + width + 4, top, value))
    if stacked:
        parts.append(_value_label(x + 4, y, sum(values[row_index] for values in series)))
    return parts


def _fit_label(text):
    """A label cut to the label column with an ellipsis (a long textbook title would run off the left edge); the
    table below the chart has it in full."""
    room = (LABEL_WIDTH - 8) // CHAR
    return text if _width(text) <= room else _cut(text, room - 1) + "…"


def _width(text):
    """Width in Chinese-character units: Latin letters and digits take about half."""
    return sum(1 if ord(char) > 0x2E7F else 0.55 for char in text)


def _cut(text, room):
    taken, width = [], 0
    for char in text:
        width += _width(char)
        if width > room:
            break
        taken.append(char)
    return "".join(taken)


def _value_label(x, top, value):
    return f'<text x="{x:.1f}" y="{top + BAR - 5}" fill="{MUTED}">{_number(value)}</text>'


def line_chart(figure):
    """One line over the rows' labels (years), with a dot and its value at each point."""
    values = figure.values(figure.series[0])
    height, left, right, bottom = 240, 36, WIDTH - 36, 205
    largest = max(values) or 1
    step = (right - left) / max(1, len(values) - 1)
    points = [
        (left + i * step if len(values) > 1 else (left + right) / 2, bottom - value * 170 / largest)
        for i, value in enumerate(values)
    ]
    parts = [
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{MUTED}"/>',
        f'<polyline fill="none" stroke="{PALETTE[0]}" stroke-width="2.5" '
        f'points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in points)}"/>',
    ]
    for (x, y), value, row in zip(points, values, figure.rows, strict=True):
        parts.append(f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{PALETTE[0]}"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{y - 9:.1f}" text-anchor="middle" fill="{INK}">{_number(value)}</text>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{bottom + 20}" text-anchor="middle" fill="{MUTED}">{escape(str(row[0]))}</text>'
        )
    return _svg(figure.title, height, parts)


def sparkline(title, points, reference=None, width=200, height=64):
    """A small trend line for a table cell: `points` are (label, value) oldest first, values None skipped;
    `reference` (a threshold) is drawn as a dashed line. The first and last points carry their label and value."""
    points = [(str(label), float(value)) for label, value in points if value is not None]
    if not points:
        return ""
    values = [value for _, value in points] + ([float(reference)] if reference is not None else [])
    low, high = min(values), max(values)
    span = (high - low) or 1
    left, right, top, bottom = 6, width - 6, 16, height - 16

    def y_of(value):
        return bottom - (value - low) * (bottom - top) / span

    step = (right - left) / max(1, len(points) - 1)
    xy = [(left + i * step if len(points) > 1 else width / 2, y_of(v)) for i, (_, v) in enumerate(points)]
    parts = []
    if reference is not None:
        y = y_of(float(reference))
        parts.append(
            f'<line class="reference" x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" '
            f'stroke="{PALETTE[4]}" stroke-dasharray="4 3"/>'
        )
    parts.append(
        f'<polyline fill="none" stroke="{PALETTE[0]}" stroke-width="2" '
        f'points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in xy)}"/>'
    )
    for (x, y), (label, value) in zip(xy, points, strict=True):
        parts.append(
            f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{PALETTE[0]}">'
            f"<title>{escape(label)}：{_number(value)}</title></circle>"
        )
    for index, anchor in ((0, "start"), (len(points) - 1, "end")):
        if index == 0 and len(points) == 1:
            anchor = "middle"
        label, value = points[index]
        x = xy[index][0]
        parts.append(
            f'<text x="{x:.1f}" y="{height - 3}" text-anchor="{anchor}" fill="{MUTED}">{escape(label)}</text>'
        )
        parts.append(f'<text x="{x:.1f}" y="11" text-anchor="{anchor}" fill="{INK}">{_number(value)}</text>')
        if len(points) == 1:
            break
    label = escape(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" role="img" aria-label="{label}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="system-ui, sans-serif" font-size="11"><title>{label}</title>{"".join(parts)}</svg>'
    )
