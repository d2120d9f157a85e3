#!/usr/bin/env python3
"""Live capture on a veth pair inside a network namespace made by the test
(needs root, as CI has): tcpreplay sends end-to-end captures into one end,
the sensor (two workers, once with an AF_PACKET fanout socket each, once
with one capture thread and rings) captures on the other, reloads its signatures on
SIGHUP half-way, and SIGTERM makes it report every flow. Its alerts must be
those of an offline replay of the same captures, compared without their
time fields (live packets carry the time they were replayed). Prints
'N passed, N failed'.
usage: veth_replay_test.py SENSOR GENERATED_DIR
"""
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from netns_veth import VethNamespace  # noqa: E402
from report import report  # noqa: E402

# The first four come from inside host 10.1.1.10, host_three_flows from
# 10.1.1.20, whose host hashes differ in their lowest bit: each of two fanout
# sockets gets one host, whichever order the kernel keeps them in.
CAPTURES = ["multipart_csv.pcap", "smtp_attachment.pcap", "ftp_passive.pcap", "gzip_chunked_json.pcap",
            "host_three_flows.pcap"]
TIME_FIELDS = ("timestamp", "flow_start", "flow_end")


def alert_keys(lines):
    keys = Counter()
    for line in lines:
        if line.strip():
            a = json.loads(line)
            keys[json.dumps({k: v for k, v in a.items() if k not in TIME_FIELDS}, sort_keys=True)] += 1
    return keys


def live_run(sensor, pcaps, ns, mode, offline):
    """One live run in `mode` ("fanout" or "rings"); returns its failures."""
    failures = []
    extra = ["--no-fanout"] if mode == "rings" else []
    proc = subprocess.Popen(ns.exec + [sensor, "--interface", "sensor0", "--all-directions", "--alert-format", "json",
                                     "--workers", "2", "--immediate", "--capture-buffer", "16", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:
        if '"event":"start"' in line:
            break
    for i, p in enumerate(pcaps):
        if i == len(pcaps) // 2:
            proc.send_signal(signal.SIGHUP)  # signatures reloaded mid-run: later flows use the new set
            time.sleep(2)
        ns.replay(p)
    time.sleep(1)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    if proc.returncode != 0:
        failures.append(f"the sensor exited with {proc.returncode}: {err[-500:]}")
    live = alert_keys(out.splitlines())
    if '"event":"reload"' not in err:
        failures.append("no reload line after SIGHUP")
    stats = json.loads(err.strip().splitlines()[-1])
    capture = stats.get("capture", {})
    if capture.get("dropped", 1) != 0 or capture.get("received", 0) == 0:
        failures.append(f"the kernel dropped packets or counted none: {capture}")
    if live != offline:
        failures.append(f"live alerts differ from offline: {len(live)} kinds live, {len(offline)} offline; "
                        f"live only {list((live - offline).elements())[:2]}, "
                        f"offline only {list((offline - live).elements())[:2]}")
    workers = stats.get("workers", [])
    if len(workers) != 2:
        failures.append("the stats line does not show two workers")
    if stats.get("dispatch", {}).get("mode") != mode:
        failures.append(f"dispatch mode is {stats.get('dispatch')}, not {mode}")
    if mode == "fanout":
        # The kernel shared the packets out: each socket got some, and together all.
        captured = [w.get("captured", 0) for w in workers]
        if 0 in captured or sum(captured) != capture.get("received"):
            failures.append(f"fanout sockets captured {captured} of {capture.get('received')}")
    return [f"{mode}: {f}" for f in failures]


def main():
    sensor, generated = sys.argv[1], sys.argv[2]
    pcaps = [os.path.join(generated, c) for c in CAPTURES]
    # One offline run reads them in order as one capture, as the live sensor sees them.
    reads = [arg for p in pcaps for arg in ("--read", p)]
    run = subprocess.run([sensor, *reads, "--all-directions", "--alert-format", "json", "--workers", "2"],
                         capture_output=True, text=True, check=True)
    offline = alert_keys(run.stdout.splitlines())

    failures = []
    with VethNamespace() as ns:
        for mode in ("fanout", "rings"):
            failures += live_run(sensor, pcaps, ns, mode, offline)
    return report(failures, f" ({sum(offline.values())} alerts compared, fanout and rings)")


if __name__ == "__main__":
    sys.exit(main())
