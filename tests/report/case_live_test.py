#!/usr/bin/env python3
"""The same numbers seen live: the generated case (tests/captures/casegen.py) is replayed once from
its files and once by tcpreplay into a veth pair in a namespace the test makes (needs root), where a
live sensor captures it, the insider's capture in a run of its own with --insider as offline. The two
case reports must be equal in every number: each host's line, its categories, the destinations and
the heaviest flows, but the times (live packets carry the time they were replayed) and the evidence
table (a live run reads no file). Prints 'N passed, N failed'.
usage: case_live_test.py SENSOR"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

from case_run import RUNS, ROOT, case_captures, kept, make_report, replay, tables_of

sys.path.insert(0, os.path.join(ROOT, "tests"))
from netns_veth import VethNamespace  # noqa: E402
from report import report  # noqa: E402

# The hosts table's columns first and last, and the heaviest flows' start: capture times.
TIME_COLUMNS = {"hosts": (10, 11), "flows": (0,)}


def live(sensor, ns, pcap, options, out_path):
    command = [sensor, "--interface", "sensor0", "--alert-format", "json", "--immediate", "--capture-buffer", "16"]
    proc = subprocess.Popen(ns.exec + command + options, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:
        if '"event":"start"' in line:
            break
    ns.replay(pcap, mbps=5)
    time.sleep(1)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    stats = json.loads(err.strip().splitlines()[-1])
    if proc.returncode != 0 or stats["capture"]["dropped"] != 0:
        raise RuntimeError(f"live run: exit {proc.returncode}, capture {stats['capture']}")
    with open(out_path, "w") as f:
        f.write(out)
    return kept([json.loads(line) for line in out.splitlines() if line.strip()])


def comparable(tables):
    """The report's numbers: every table made of dlp.flow alerts, without the times."""
    out = {}
    for name, rows in tables.items():
        if name in ("evidence", "settings", "inputs", "events", "article5"):
            continue
        drop = TIME_COLUMNS.get(name, ())
        out[name] = {k: [c for i, c in enumerate(row) if i not in drop] for k, row in rows.items()}
    return out


def main():
    sensor = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory() as tmp, VethNamespace("dlp-case") as ns:
        pcaps = case_captures(tmp)
        offline, seen_live = [], []
        for pcap, (_, options) in zip(pcaps, RUNS):
            offline.append(pcap.replace(".pcap", ".json"))
            replay(sensor, pcap, options, offline[-1])
            seen_live.append(pcap.replace(".pcap", ".live.json"))
            live(sensor, ns, pcap, options, seen_live[-1])
        reports = []
        for name, files in (("offline", offline), ("live", seen_live)):
            page = os.path.join(tmp, f"{name}.html")
            if make_report(files, page).returncode != 0:
                return report([f"dlp-report failed on the {name} alerts"])
            reports.append(comparable(tables_of(page)))
        for table in sorted(set(reports[0]) | set(reports[1])):
            a, b = reports[0].get(table), reports[1].get(table)
            if a != b:
                failures.append(f"table {table}: offline {a}, live {b}")
        hosts = len(reports[0].get("hosts", {})) - 1
        if hosts != 3:
            failures.append(f"{hosts} hosts in the offline report, not 3")
    return report(failures, f" ({len(reports[0])} tables compared, {hosts} hosts)")


if __name__ == "__main__":
    sys.exit(main())
