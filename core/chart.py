"""The weekly summary as a small SVG bar chart: readable on a phone, in a Power Apps image
control, by a screen reader (title and description) and by colour-blind readers (Okabe-Ito
colours, a legend in stacking order, and a gap between stacked segments)."""

import base64
import math
from datetime import date
from xml.sax.saxutils import escape

from schemas.kinds import ACTIVITY_KINDS
from schemas.my_activity import Chart, Summary

WIDTH, HEIGHT = 360, 240
LEFT, RIGHT, TOP, BOTTOM = 34, 10, 58, 206
COLOURS = {"patrol": "#0072B2", "engagement": "#E69F00", "abstraction": "#CC79A7"}
"""Okabe-Ito blue, orange and reddish purple: told apart with every common colour-vision
deficiency. Bars stack in this order, bottom up, as the legend lists them."""
INK, GRID = "#1F1F1F", "#D0D0D0"
TITLE = "My records per week"


def _day(d: date) -> str:
    return f"{d.day} {d:%b}"


def _plural(n: int, kind: str) -> str:
    return f"{n} {kind if n == 1 else ACTIVITY_KINDS[kind].collection}"


def describe(summary: Summary) -> str:
    """What the chart shows, in words: the totals and the busiest week."""
    weeks = summary.weeks
    first = f"{_day(weeks[0].starts_on)} {weeks[0].starts_on.year}"
    span = f"the {len(weeks)} weeks starting {first}" if len(weeks) > 1 else f"the week of {first}"
    total = summary.totals.total
    if total == 0:
        return f"You made no records in {span}."
    parts = ", ".join(_plural(summary.totals.counts[k], k) for k in COLOURS)
    busiest = max(weeks, key=lambda w: (w.total, w.starts_on))
    text = f"Records you made per week in {span}: {total} in total ({parts})."
    if len(weeks) > 1:
        text += f" Busiest week: the week of {_day(busiest.starts_on)}, with {busiest.total}."
    return text


def _scale(largest: int) -> tuple[int, int]:
    """A top for the axis and a step between gridlines: at most five lines, round numbers."""
    if largest <= 0:
        return 4, 1
    raw = largest / 4
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return step * math.ceil(largest / step), step


def render(summary: Summary) -> str:
    weeks = summary.weeks
    top, step = _scale(max((w.total for w in weeks), default=0))
    plot_h = BOTTOM - TOP
    slot = (WIDTH - LEFT - RIGHT) / len(weeks)
    bar = max(1.0, slot * 0.72)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" '
        'font-family="Segoe UI, Helvetica, Arial, sans-serif">',
        f'<title id="chart-title">{escape(TITLE)}</title>',
        f'<desc id="chart-desc">{escape(describe(summary))}</desc>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#FFFFFF"/>',
        f'<text x="{LEFT}" y="20" font-size="14" font-weight="600" fill="{INK}">'
        f"{escape(TITLE)}</text>",
    ]
    x = LEFT
    for kind, colour in COLOURS.items():
        label = ACTIVITY_KINDS[kind].collection.capitalize()
        out.append(f'<rect x="{x}" y="30" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{x + 14}" y="39" font-size="11" fill="{INK}">{label}</text>')
        x += 24 + 7 * len(label)
    for value in range(0, top + 1, step):
        y = BOTTOM - plot_h * value / top
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{LEFT - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end" '
            f'fill="{INK}">{value}</text>'
        )
    every = math.ceil(len(weeks) / 6)
    for n, week in enumerate(weeks):
        left = LEFT + n * slot + (slot - bar) / 2
        base = float(BOTTOM)
        for kind, colour in COLOURS.items():
            count = week.counts.get(kind, 0)
            if not count:
                continue
            height = plot_h * count / top
            base -= height
            tip = f"Week of {_day(week.starts_on)}: {_plural(count, kind)}"
            out.append(
                f'<rect x="{left:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{height:.1f}" '
                f'fill="{colour}" stroke="#FFFFFF" stroke-width="{min(1.0, bar / 8):.2f}">'
                f"<title>{escape(tip)}</title></rect>"
            )
        if n % every == 0:
            centre = LEFT + n * slot + slot / 2
            out.append(
                f'<text x="{centre:.1f}" y="{BOTTOM + 14}" font-size="10" text-anchor="middle" '
                f'fill="{INK}">{escape(_day(week.starts_on))}</text>'
            )
    if summary.totals.total == 0:
        out.append(
            f'<text x="{(LEFT + WIDTH - RIGHT) / 2:.0f}" y="{(TOP + BOTTOM) / 2:.0f}" '
            f'font-size="12" text-anchor="middle" fill="{INK}">No records in these weeks</text>'
        )
    out.append(
        f'<text x="{LEFT}" y="{HEIGHT - 8}" font-size="10" fill="{INK}">'
        f"Weeks start on Monday; {summary.totals.total} records in all</text>"
    )
    out.append("</svg>")
    return "\n".join(out)


def chart(summary: Summary) -> Chart:
    """The SVG, and the same as a data URI for an image control that cannot send a token."""
    svg = render(summary)
    encoded = base64.b64encode(svg.encode()).decode()
    return Chart(svg=svg, data_uri=f"data:image/svg+xml;base64,{encoded}")
