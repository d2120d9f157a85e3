#!/usr/bin/env python3
"""The case report of a generated case (tests/captures/casegen.py: three internal hosts over a week,
one of them replayed with --insider): the sensor replays both captures, dlp-report reads the alerts,
and the test asserts from the page's text each host's numbers and the Art. 5 line it reaches, that
every total equals the sum of the alerts computed here, the evidence hashes, that no value leaves
unmasked (also from a run with --sample-mode clear), bad and repeated input, the PDF, and then opens
the page in Debian's Chromium (tests/report/browser): no console error, no request, screenshots of
the first screen and the timeline that are not blank, the numbers in the DOM. Prints 'N passed, N failed'.
usage: case_report_test.py SENSOR"""
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter

from case_run import DLP_REPORT, HERE, ROOT, RUNS, case_captures, casegen, make_report, replay, tables_of
from pcapgen import packets_in
from report import report

CARDS, LISTS, CLERK = (len(casegen.CARD_UPLOADS) * casegen.CARD_ROWS, len(casegen.LIST_UPLOADS) * casegen.LIST_ROWS,
                       len(casegen.CLERK_UPLOADS) * casegen.CLERK_ROWS)
# Per host: flows, receivers, values, records, heaviest category, score, line, basis.
HOSTS = {
    casegen.CARD_HOST: ["3", "1", str(3 * CARDS), str(CARDS), "cn_resident_id", "1.2000", "情节严重", "第五条第一款第（三）项"],
    casegen.LIST_HOST: ["2", "1", str(2 * LISTS), str(LISTS), "cn_resident_id", "0.0400", "未达情节严重",
                        "达到第一款标准的 4.0%"],
    casegen.CLERK: ["3", "1", str(5 * CLERK), str(CLERK), "medical_record_no", "1.2000", "情节严重",
                    "第五条第一款第（四）、（八）项"],
}
# Per host and category: tier, values, records, A, B, C records, insider, score, line.
CATEGORIES = {
    (casegen.CARD_HOST, "bank_card"): ["A", CARDS, 0, 0, 0, 0, "no", "1.2000", "情节严重"],
    (casegen.CARD_HOST, "cn_resident_id"): ["C", CARDS, CARDS, CARDS, 0, 0, "no", "1.2000", "情节严重"],
    (casegen.LIST_HOST, "cn_resident_id"): ["C", LISTS, LISTS, 0, 0, LISTS, "no", "0.0400", "未达情节严重"],
    (casegen.CLERK, "cn_resident_id"): ["C", CLERK, CLERK, 0, CLERK, 0, "yes", "1.2000", "情节严重"],
    (casegen.CLERK, "medical_record_no"): ["B", CLERK, 0, 0, 0, 0, "yes", "1.2000", "情节严重"],
}
VALUES = [re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"), re.compile(r"(?<!\d)\d{17}[\dX](?!\d)")]


def sha256(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def check_hosts(tables):
    failures = []
    for host, want in HOSTS.items():
        row = tables["hosts"].get(f"hosts-{host}")
        got = row and row[1:3] + row[4:10]
        if got != want:
            failures.append(f"host {host}: {got}, not {want}")
    for (host, category), want in CATEGORIES.items():
        row = tables.get(f"host-{host}", {}).get(f"host-{host}-{category}")
        if not row or row[1:10] != [str(w) for w in want] or "*" not in row[10]:
            failures.append(f"{host} {category}: {row}, not {want} with masked samples")
    order = [r[0] for k, r in tables["hosts"].items() if k != 0]
    if order != [casegen.CLERK, casegen.CARD_HOST, casegen.LIST_HOST]:
        failures.append(f"hosts in the order {order}")
    return failures


def check_sums(tables, alerts, pcaps, alert_files):
    """Every total of the page against the alerts and files, summed here."""
    failures, totals, flows, events = [], {}, {}, Counter(a["event"] for a in alerts)
    for a in alerts:
        if a["event"] == "dlp.flow" and a["direction"] == "outbound":
            t = totals.setdefault(a["category"], [0, 0, 0])
            t[0], t[1], t[2] = t[0] + a["distinct"], t[1] + a["records"], t[2] + 1
            flows[(a["src_ip"], a["src_port"], a["flow_start"])] = a
    got = {r[0]: [int(x) for x in r[1:]] for k, r in tables["totals"].items() if k != 0}
    if got != totals:
        failures.append(f"totals {got}, not {totals}")
    got = {r[0]: int(r[1]) for k, r in tables["events"].items() if k != 0}
    if got != dict(events):
        failures.append(f"events {got}, not {dict(events)}")
    for host in HOSTS:
        want = sum(a["bytes"] for a in flows.values() if a["src_ip"] == host)
        if tables["hosts"][f"hosts-{host}"][3] != str(want):
            failures.append(f"bytes of {host}: {tables['hosts'][f'hosts-{host}'][3]}, not {want}")
    evidence = [r[:5] for k, r in tables["evidence"].items() if k != 0]
    want = [[p, str(os.path.getsize(p)), sha256(p), "EN10MB", str(packets_in(p))] for p in pcaps]
    if evidence != want:
        failures.append(f"evidence {evidence}, not {want}")
    inputs = [r[:2] for k, r in tables["inputs"].items() if k != 0]
    if inputs != [[f, sha256(f)] for f in alert_files]:
        failures.append(f"inputs {inputs}")
    heavy = [r for k, r in tables["flows"].items() if k != 0]
    ids = {a["community_id"] for a in flows.values()}
    if len(heavy) != len(flows) or {r[10] for r in heavy} != ids or heavy[0][2] != f"{casegen.CLERK_SITE[0]}:80":
        failures.append(f"heaviest flows {[r[1:3] + r[10:] for r in heavy]}")
    dest = tables["destinations"].get(1)
    if dest != [casegen.CLERK_SITE[0], "mail.example.net", "", "1", "3", str(sum(
            a["bytes"] for a in flows.values() if a["src_ip"] == casegen.CLERK)), str(5 * CLERK), str(CLERK)]:
        failures.append(f"first destination {dest}")
    return failures


def unmasked(html_path):
    text = re.sub(r"[0-9a-f]{64}", "", open(html_path, encoding="utf-8").read())
    return [m.group() for v in VALUES for m in v.finditer(text)]


def browser(page, outdir):
    run = subprocess.run(["node", os.path.join(HERE, "browser", "check_page.mjs"), page, outdir],
                         capture_output=True, text=True, timeout=180)
    if run.returncode != 0:
        raise RuntimeError(f"the browser check failed: {run.stderr[-800:]}")
    return json.loads(run.stdout)


def check_browser(page, tables, tmp):
    failures = []
    seen = browser(page, tmp)
    if seen["errors"] or seen["requests"]:
        failures.append(f"console {seen['errors']}, requests {seen['requests']}")
    for name, shot in seen["screenshots"].items():
        if shot["colours"] < 16 or shot["not_background"] < shot["width"] * shot["height"] // 50:
            failures.append(f"the {name} screenshot looks blank: {shot}")
    for host in HOSTS:
        if "\t".join(tables["hosts"][f"hosts-{host}"][:10]) not in seen["text"]:
            failures.append(f"the DOM text lacks the row of {host}")
    # The check itself sees a request and a console error where a page makes them.
    bad = os.path.join(tmp, "bad.html")
    with open(bad, "w") as f:
        f.write('<html><body><svg id="timeline" width="10" height="10"></svg><img src="http://192.0.2.1/x.png">'
                '<script>console.error("broken")</script></body></html>')
    seen = browser(bad, tmp)
    if seen["requests"] != ["http://192.0.2.1/x.png"] or "broken" not in seen["errors"]:
        failures.append(f"the browser check missed a request or an error: {seen['requests']} {seen['errors']}")
    return failures


def mutated(lines, n, seed=5):
    """n alert lines, each broken one way: a field removed, given another type, or the line cut."""
    rng, out = random.Random(seed), []
    for _ in range(n):
        line = rng.choice(lines)
        alert = json.loads(line)
        key = rng.choice(sorted(alert))
        how = rng.randrange(3)
        if how == 0:
            del alert[key]
        elif how == 1:
            alert[key] = rng.choice([None, "x", -1, [], {}, 1e308, True, [1], {"a": "b"}])
        out.append(json.dumps(alert) if how < 2 else line[:rng.randrange(len(line))])
    return out


def check_hostile_input(tmp, week_json):
    lines = [line for line in open(week_json) if line.strip()]
    hostile = os.path.join(tmp, "hostile.json")
    with open(hostile, "w") as f:
        f.write("\n".join(mutated(lines, 2000)) + "\n\0\xff\n")
    run = make_report([hostile], os.path.join(tmp, "hostile.html"))
    if run.returncode != 0 or "Traceback" in run.stderr:
        return [f"hostile alerts: exit {run.returncode}, {run.stderr[-600:]}"]
    return []


def check_bad_input(tmp, week_json, tables):
    failures = []
    bad = os.path.join(tmp, "bad.json")
    with open(bad, "w") as f:
        f.write('not json\n{"no_event": 1}\n')
    page = os.path.join(tmp, "again.html")
    run = make_report([week_json, week_json, bad], page)
    weeks = sum(1 for line in open(week_json) if line.strip())
    again = tables_of(page)
    if run.returncode != 0 or f"{bad}:1:" not in run.stderr or f"{bad}:2:" not in run.stderr:
        failures.append(f"bad lines not named: {run.returncode} {run.stderr}")
    if f"{weeks} duplicate alert(s) ignored, 2 line(s) unreadable" not in open(page, encoding="utf-8").read():
        failures.append("the repeated file's alerts or the bad lines are not said")
    if again["hosts"].get(f"hosts-{casegen.CARD_HOST}") != tables["hosts"][f"hosts-{casegen.CARD_HOST}"]:
        failures.append("a repeated alert file changed the numbers")
    if make_report([os.path.join(tmp, "missing.json")], page).returncode != 1:
        failures.append("a missing alert file is not exit code 1")
    return failures


def check_manual():
    """docs/dlp-report.1 documents every option --help lists, with its argument, and no other."""
    helped = subprocess.run([DLP_REPORT, "--help"], capture_output=True, text=True).stdout
    listed = set(re.findall(r"^  (?:-\w, )?(--[\w-]+(?: [A-Z]+)?)", helped, re.M))
    manual = open(os.path.join(ROOT, "docs", "dlp-report.1"), encoding="utf-8").read().replace("\\-", "-")
    documented = {re.sub(r"\\f[BIR]", "", m).strip() for m in re.findall(r"^\.TP\n(?:\\fB-\w\\fR, )?(.*)$", manual, re.M)}
    return [] if listed == documented and "--out FILE" in listed else [f"--help {listed}, man page {documented}"]


def main():
    sensor = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        pcaps = case_captures(tmp)
        alert_files, alerts = [], []
        for pcap, (_, options) in zip(pcaps, RUNS):
            alert_files.append(pcap.replace(".pcap", ".json"))
            alerts += replay(sensor, pcap, options, alert_files[-1])
        page = os.path.join(tmp, "case.html")
        run = make_report(alert_files, page, "--pdf", os.path.join(tmp, "case.pdf"))
        if run.returncode != 0:
            return report([f"dlp-report failed: {run.stderr}"])
        tables = tables_of(page)
        failures += check_hosts(tables) + check_sums(tables, alerts, pcaps, alert_files)
        if open(os.path.join(tmp, "case.pdf"), "rb").read(5) != b"%PDF-":
            failures.append("--pdf wrote no PDF")
        if page_values := unmasked(page):
            failures.append(f"values in the page: {page_values[:3]}")
        clear = os.path.join(tmp, "clear.json")
        replay(sensor, pcaps[0], ["--sample-mode", "clear"], clear)
        make_report([clear], os.path.join(tmp, "clear.html"))
        if unmasked(os.path.join(tmp, "clear.html")) or not unmasked(clear):
            failures.append("a run with --sample-mode clear put values in the page")
        failures += check_bad_input(tmp, alert_files[0], tables) + check_hostile_input(tmp, alert_files[0])
        failures += check_browser(page, tables, tmp) + check_manual()
    return report(failures, f" ({len(alerts)} alerts, {len(HOSTS)} hosts)")


if __name__ == "__main__":
    sys.exit(main())
