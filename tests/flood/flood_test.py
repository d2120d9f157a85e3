#!/usr/bin/env python3
"""A SYN flood with half-open connections holding out-of-order data, with
five real customer-list uploads mixed in, replayed by two workers within
small memory caps: the flows are evicted (counted), a connection that
carried no data costs under 1 KiB, the holes are skipped (counted), every
upload still alerts, and the peak RSS stays bounded.
Prints the figures and 'N passed, N failed'.
usage: flood_test.py SENSOR PCAPGEN [SYN_FLOWS HALF_OPEN]   (default 200,000 and 10,000;
       the issue's full size is 2,000,000 and 100,000)
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from report import report  # noqa: E402

FLOW_MEMCAP_MIB, REASSEMBLY_MEMCAP_MIB = 16, 8
RSS_LIMIT_MIB = 160  # the caps, plus Hyperscan's database and scratch, the binary and the allocator's slack


def main():
    sensor, pcapgen = sys.argv[1], sys.argv[2]
    syn, half = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else (200_000, 10_000)
    failures = []
    with tempfile.TemporaryDirectory() as work:
        pcap = os.path.join(work, "flood.pcap")
        subprocess.run([sys.executable, pcapgen, pcap, "--flood", str(syn), str(half)], check=True)
        run = subprocess.run([sensor, "--read", pcap, "--workers", "2", "--alert-format", "json",
                              "--flow-memcap", str(FLOW_MEMCAP_MIB), "--reassembly-memcap", str(REASSEMBLY_MEMCAP_MIB)],
                             capture_output=True, text=True)
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    stats = json.loads(run.stderr.strip().splitlines()[-1])
    alerts = [json.loads(line) for line in run.stdout.splitlines()]
    uploads = {(a["src_ip"], a["category"]) for a in alerts if a["event"] == "dlp.flow" and a["distinct"] == 200}
    print(f"{syn + half + 5} connections: {stats['flows']['evicted']} evicted, peak {stats['flows']['peak']} at once, "
          f"{stats['tcp']['gaps']} holes skipped, {len(alerts)} alerts, {stats['elapsed_seconds']:.2f} s, "
          f"peak RSS {peak_mib:.0f} MiB (caps: flows {FLOW_MEMCAP_MIB} MiB, reassembly {REASSEMBLY_MEMCAP_MIB} MiB)")
    if run.returncode != 0:
        failures.append(f"exit code {run.returncode}")
    if stats["flows"]["created"] != syn + half + 5:
        failures.append(f"{stats['flows']['created']} flows created, not {syn + half + 5}")
    if stats["flows"]["evicted"] == 0:
        failures.append("no flow was evicted")
    # A connection without data keeps a flow entry, not a session: the cap holds one per KiB or better.
    if stats["flows"]["peak"] < FLOW_MEMCAP_MIB * 1024:
        failures.append(f"only {stats['flows']['peak']} flows at once within {FLOW_MEMCAP_MIB} MiB")
    if stats["tcp"]["gaps"] < half:
        failures.append(f"{stats['tcp']['gaps']} holes skipped, fewer than the {half} half-open connections")
    if len(uploads) != 20:  # five uploads, four categories each
        failures.append(f"the uploads gave {sorted(uploads)}")
    if peak_mib > RSS_LIMIT_MIB:
        failures.append(f"peak RSS {peak_mib:.0f} MiB is over {RSS_LIMIT_MIB} MiB")
    return report(failures)


if __name__ == "__main__":
    sys.exit(main())
