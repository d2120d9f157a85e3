"""The case report as one self-contained HTML page: no script, no request when opened."""
from datetime import datetime, timezone
from html import escape

from legal import ARTICLE_5, line_of
from timeline_svg import timeline

DETAILED = 50  # hosts with a table of their own and a lane in the timeline; the summary lists them all

STYLE = """
body { font: 14px/1.45 "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Noto Sans", sans-serif; color: #1d2329;
       margin: 2em auto; max-width: 1100px; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccd3d9; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; max-width: 100%; }
caption { text-align: left; font-weight: bold; }
th, td { border: 1px solid #ccd3d9; padding: 3px 8px; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; } td.w { word-break: break-all; } th { background: #eef1f4; }
.line-情节特别严重 { color: #9c0b2a; font-weight: bold; } .line-情节严重 { color: #d9480f; font-weight: bold; }
.note { color: #4a555f; font-size: 0.92em; } code { font-size: 0.92em; word-break: break-all; }
"""


def cell(value):
    if isinstance(value, float):
        return f'<td class="n">{value:.4f}</td>'
    if isinstance(value, int):
        return f'<td class="n">{value}</td>'
    text = str(value)
    # A digest, an address list or a long name may break anywhere; words where they end.
    wide = ' class="w"' if len(text) > 24 and " " not in text else ""
    return f"<td{wide}>{escape(text)}</td>"


def table(table_id, caption, headers, rows, row_ids=None):
    out = [f'<table id="{escape(table_id)}"><caption>{escape(caption)}</caption><tr>']
    out += [f"<th>{escape(h)}</th>" for h in headers] + ["</tr>"]
    for i, row in enumerate(rows):
        rid = f' id="{escape(row_ids[i])}"' if row_ids else ""
        out.append(f"<tr{rid}>" + "".join(cell(v) for v in row) + "</tr>")
    return "".join(out) + "</table>"


def when(t):
    return t.strftime("%Y-%m-%d %H:%M:%S UTC") if t else ""


def evidence(case):
    rows, settings = [], []
    for replay in case.replays:
        for f in replay.get("files", []):
            rows.append([f["name"], f["size"], f.get("sha256", ""), f["linktype"], f["packets"],
                         f.get("first_packet", ""), f.get("last_packet", "")])
        s = replay.get("settings", {})
        settings.append([s.get("version", ""), s.get("signature_digest", ""), s.get("home_net", ""),
                         s.get("server_net", ""), "yes" if s.get("insider") else "no"])
    out = table("evidence", "Capture files the sensor read (dlp.replay_summary)",
                ["file", "bytes", "SHA-256", "link type", "packets", "first packet", "last packet"], rows)
    out += table("settings", "The runs' settings", ["version", "signature set SHA-256", "home networks",
                                                     "server networks", "--insider"], settings)
    inputs = [[name, digest, n] for name, digest, n in case.inputs]
    return out + table("inputs", "Alert files this report read", ["file", "SHA-256", "alerts"], inputs)


def party_rows(hosts):
    rows = []
    for h in hosts:
        top = h.heaviest()
        line, basis = line_of(top)
        rows.append([h.address, len(h.flows), len(h.peers), h.bytes(), h.values(), h.records(), top.category,
                     float(top.score()), line, basis, when(h.first), when(h.last)])
    return rows


def party_summary(table_id, caption, hosts, peers):
    headers = ["host", "flows", peers, "bytes", "values", "records", "heaviest category", "score", "Art. 5 line",
               "basis", "first", "last"]
    return table(table_id, caption, headers, party_rows(hosts), [f"{table_id}-{h.address}" for h in hosts])


def party_details(prefix, hosts):
    out = []
    if len(hosts) > DETAILED:
        out.append(f'<p class="note">The first {DETAILED} of {len(hosts)} hosts in detail.</p>')
    for h in hosts[:DETAILED]:
        rows = []
        for c in sorted(h.categories.values(), key=lambda c: (-c.score(), c.category)):
            line, _ = line_of(c)
            rows.append([c.category, c.tier or "?", c.values(), c.record_count(), c.tier_total("A"),
                         c.tier_total("B"), c.tier_total("C"), "yes" if c.insider() else "no", float(c.score()),
                         line, ", ".join(c.samples)])
        out.append(table(f"{prefix}-{h.address}", f"{h.address} by category",
                         ["category", "tier", "values", "records", "A records", "B records", "C records",
                          "insider (item 八)", "score", "line", "masked samples"],
                         rows, [f"{prefix}-{h.address}-{c[0]}" for c in rows]))
    return "".join(out)


def destinations(case):
    rows = [[d.address, ", ".join(sorted(d.names)), ", ".join(sorted(d.kinds)), len(d.senders), len(d.flows),
             d.bytes, d.values, d.records] for d in case.top_destinations()]
    return table("destinations", "Top destinations, by personal data values received",
                 ["address", "names (SNI, HTTP host)", "kind", "hosts", "flows", "bytes", "values", "records"], rows)


def flows(case):
    rows = []
    for f in case.heaviest_flows():
        a = f.alert
        rows.append([a["flow_start"], f'{a["src_ip"]}:{a["src_port"]}', f'{a["dst_ip"]}:{a["dst_port"]}',
                     ", ".join(f.names()), a.get("app", ""), f.bytes, f.values, f.records, f.score,
                     ", ".join(sorted(f.categories)), a.get("community_id", "")])
    return table("flows", "The ten heaviest flows (pull each from the capture by its community_id)",
                 ["start", "sender", "receiver", "names", "app", "bytes", "values", "records", "score",
                  "categories", "community_id"], rows)


def totals(case):
    rows = [[name, v, r, n] for name, (v, r, n) in case.category_totals().items()]
    out = table("totals", "Sent out, over every host (sums of the dlp.flow alerts)",
                ["category", "values", "records", "alerts"], rows)
    events = [[e, n] for e, n in sorted(case.events.items())]
    return out + table("events", "Alerts read, by event", ["event", "alerts"], events)


def law():
    items = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in ARTICLE_5)
    return (f'<table id="article5"><caption>法释〔2017〕10号 第五条 (excerpt)</caption>{items}</table>'
            '<p class="note">A category\'s score is the share of the 情节严重 line its counts reach: its values '
            "divided by its tier's standard (A 50, B 500, C 5,000 条), or its records' proportional sum (item 六), "
            "whichever is larger, doubled for data obtained in one's job (item 八, the sensor's --insider). A "
            "host's line is that of its heaviest category: one person's record holds values of several "
            "categories, so categories are not added together. <strong>These counts are the sensor's, made from "
            "network traffic; a person must verify them against the data before they are relied on.</strong></p>")


def page(case, title):
    senders, retrievers, pullers = case.hosts(case.senders), case.hosts(case.retrievers), case.hosts(case.pullers)
    problems = "".join(f"<li><code>{escape(p)}</code></li>" for p in case.problems[:50])
    body = [f"<h1>{escape(title)}</h1>",
            f'<p class="note">Made {when(datetime.now(timezone.utc))} by dlp-report from {len(case.inputs)} alert '
            f"file(s); {case.duplicates} duplicate alert(s) ignored, {len(case.problems)} line(s) unreadable.</p>",
            f'<ul id="problems">{problems}</ul>' if problems else "",
            "<h2>Evidence</h2>", evidence(case),
            "<h2>What each internal host sent out</h2>",
            party_summary("hosts", "Internal hosts, highest line first", senders, "receivers"),
            party_details("host", senders),
            '<h2 id="when">When it left</h2>', timeline(senders[:DETAILED]),
            "<h2>Where it went</h2>", destinations(case), flows(case),
            "<h2>Totals</h2>", totals(case)]
    if retrievers:
        body += ["<h2>What each workstation retrieved from the internal systems</h2>",
                 party_summary("workstations", "Workstations (dlp.bulk_access)", retrievers, "servers"),
                 party_details("workstation", retrievers)]
    if pullers:
        body += ["<h2>What each outside client pulled from the internal servers</h2>",
                 party_summary("receivers", "Outside clients (dlp.receiver_summary)", pullers, "servers"),
                 party_details("receiver", pullers)]
    body += ["<h2>Legal basis</h2>", law()]
    return ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>{''.join(body)}</body></html>\n")
