"""When each host's data left: an inline SVG with one lane per host and one dot per flow at its end,
its area by the personal data values the flow carried, its colour by the flow's severity."""
import math
from datetime import timedelta
from html import escape

from case_model import parse_time

COLOURS = {"info": "#8c9aa8", "warning": "#e0a100", "critical": "#d9480f", "severe": "#9c0b2a"}
STEPS = [timedelta(minutes=m) for m in (1, 5, 15, 60, 360)] + [timedelta(days=d) for d in (1, 7, 30)]
WIDTH, LEFT, RIGHT, LANE, TOP = 960, 150, 20, 34, 30


def span_of(hosts):
    ends = [parse_time(f.alert["flow_end"]) for h in hosts for f in h.flows.values()]
    start, end = min(ends), max(ends)
    pad = max((end - start) / 40, timedelta(minutes=1))
    return start - pad, end + pad


def ticks(start, end):
    step = next((s for s in STEPS if (end - start) / s <= 8), STEPS[-1])
    first = start.replace(second=0, microsecond=0, minute=0 if step >= timedelta(hours=1) else start.minute)
    if step >= timedelta(days=1):
        first = first.replace(hour=0)
    t = first
    while t <= end:
        if t >= start:
            yield t, t.strftime("%m-%d" if step >= timedelta(days=1) else "%m-%d %H:%M")
        t += step


def timeline(hosts):
    """The SVG text, or an empty string when no host sent anything."""
    if not hosts:
        return ""
    start, end = span_of(hosts)
    height = TOP + LANE * len(hosts) + 30
    x_of = lambda t: LEFT + (WIDTH - LEFT - RIGHT) * ((t - start) / (end - start))  # noqa: E731
    most = max(f.values for h in hosts for f in h.flows.values()) or 1
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" id="timeline" viewBox="0 0 {WIDTH} {height}" '
           f'width="{WIDTH}" height="{height}" role="img" aria-label="when each host sent personal data">']
    for t, label in ticks(start, end):
        x = x_of(t)
        out.append(f'<line x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{height - 24}" stroke="#dde2e6"/>')
        out.append(f'<text x="{x:.1f}" y="{height - 8}" font-size="11" text-anchor="middle">{label}</text>')
    for i, host in enumerate(hosts):
        y = TOP + LANE * i + LANE / 2
        out.append(f'<text x="8" y="{y + 4:.1f}" font-size="12">{escape(host.address)}</text>')
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#b8c0c8"/>')
        for f in sorted(host.flows.values(), key=lambda f: f.alert["flow_end"]):
            r = 3 + 10 * math.sqrt(f.values / most)
            tip = f'{f.alert["flow_end"]}: {f.values} values, {f.records} records to {f.alert["dst_ip"]}'
            out.append(f'<circle cx="{x_of(parse_time(f.alert["flow_end"])):.1f}" cy="{y:.1f}" r="{r:.1f}" '
                       f'fill="{COLOURS[f.severity]}" fill-opacity="0.8"><title>{escape(tip)}</title>'
                       '</circle>')
    out.append(f'<text x="{LEFT}" y="14" font-size="11">UTC, capture time</text></svg>')
    return "\n".join(out)
