#!/usr/bin/env python3
"""Compares the community_id of every alert with tshark's (its Community
ID dissector, `--enable-protocol communityid`, base64, seed 0 or the
given one): each capture is replayed with --all-directions, and each
alert's id must be the one tshark computes for the TCP packets between
the alert's two endpoints. Prints one line per capture with alerts and a
closing 'N passed, N failed' line with the number of alerts compared;
exits 1 on any mismatch, or when fewer than --min-alerts were compared.

usage: compare_community_id.py SENSOR [--min-alerts N] [--seed N] PCAP_OR_DIR...
"""
import collections
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from compare_reassembly import captures  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from alert_log import kept  # noqa: E402


def tshark_ids(pcap, seed):
    out = subprocess.run(["tshark", "-r", pcap, "--enable-protocol", "communityid", "-o",
                          f"communityid.seed:{seed}", "-Y", "tcp", "-T", "fields", "-e", "ip.src", "-e", "ipv6.src",
                          "-e", "tcp.srcport", "-e", "ip.dst", "-e", "ipv6.dst", "-e", "tcp.dstport",
                          "-e", "communityid"], capture_output=True, text=True).stdout
    ids = collections.defaultdict(set)
    for line in out.splitlines():
        fields = line.split("\t")
        if len(fields) != 7 or not fields[6]:
            continue
        # The innermost header of a tunnel is the flow's.
        src, dst = (fields[0] or fields[1]).split(",")[-1], (fields[3] or fields[4]).split(",")[-1]
        ids[frozenset([(src, int(fields[2])), (dst, int(fields[5]))])].add(fields[6])
    return ids


def sensor_alerts(sensor, pcap, seed):
    run = subprocess.run([sensor, "--read", pcap, "--alert-format", "json", "--all-directions",
                          "--community-id-seed", str(seed)], capture_output=True, text=True)
    return kept([json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")])


def main():
    args = sys.argv[1:]
    sensor = args.pop(0)
    options = {"--min-alerts": 1, "--seed": 0}
    while args and args[0] in options:
        options[args[0]] = int(args[1])
        del args[:2]
    compared, failures = 0, []
    for pcap in captures(args):
        alerts = [a for a in sensor_alerts(sensor, pcap, options["--seed"]) if "community_id" in a]
        if not alerts:
            continue
        ids = tshark_ids(pcap, options["--seed"])
        wrong = 0
        for a in alerts:
            flow = frozenset([(a["src_ip"], a["src_port"]), (a["dst_ip"], a["dst_port"])])
            if ids.get(flow) != {a["community_id"]}:
                wrong += 1
                failures.append(f"{pcap}: {a['src_ip']}:{a['src_port']} {a['dst_ip']}:{a['dst_port']} "
                                f"{a['community_id']}, tshark {sorted(ids.get(flow, []))}")
        compared += len(alerts)
        print(f"{os.path.basename(pcap)}: {len(alerts)} alerts, {wrong} differ")
    for f in failures:
        print("FAIL", f)
    if compared < options["--min-alerts"]:
        failures.append(f"only {compared} alerts compared")
    print(f"{0 if failures else 1} passed, {len(failures)} failed ({compared} alerts)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
