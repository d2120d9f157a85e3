#!/usr/bin/env python3
"""Compares the HTTP body lengths the sensor decodes with tshark's.

For each pcap, tshark's PDML gives every HTTP message body after its
transfer coding and content codings are undone ("File Data: N bytes"), and
the sensor's --http-log gives the same per message (body_bytes). For each
connection direction, the two lists of non-empty body lengths must be
equal as multisets. Captures without an "HTTP/1." in their bytes are
skipped. Prints one line per capture compared and a closing 'N passed,
N failed, N known' line; exits 1 on any unexplained mismatch.

A capture listed in the --known file (its file name, a tab, the reason)
is reported but not counted as a failure.

usage: compare_http_bodies.py SENSOR [--known FILE] PCAP_OR_DIR...
"""
import collections
import gzip
import json
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

FILE_DATA = re.compile(r"File Data: (\d+) bytes?")


def tshark_bodies(pcap):
    """Counter of (src, sport, dst, dport, length) for every HTTP body."""
    pdml = subprocess.run(["tshark", "-r", pcap, "-Y", "http.file_data", "-T", "pdml"],
                          capture_output=True).stdout
    bodies = collections.Counter()
    for packet in ET.fromstring(pdml or b"<pdml/>").iter("packet"):
        fields = {}
        for f in packet.iter("field"):
            name = f.get("name")
            if name in ("ip.src", "ipv6.src", "ip.dst", "ipv6.dst", "tcp.srcport", "tcp.dstport"):
                fields.setdefault(name.split(".")[1], f.get("show"))
            elif name == "http.file_data":
                m = FILE_DATA.match(f.get("showname", ""))
                if m and int(m.group(1)) > 0:
                    bodies[(fields.get("src"), int(fields.get("srcport")), fields.get("dst"),
                            int(fields.get("dstport")), int(m.group(1)))] += 1
    return bodies


def sensor_bodies(sensor, pcap, workdir):
    log = os.path.join(workdir, os.path.basename(pcap) + ".http.jsonl")
    subprocess.run([sensor, "--read", pcap, "--all-directions", "--alert-output", "/dev/null", "--body-depth", "4096",
                    "--http-log", log, "--signature-cache", os.path.join(workdir, "signature-cache")],
                   capture_output=True)
    bodies = collections.Counter()
    with open(log) as f:
        for line in f:
            m = json.loads(line)
            if m["body_bytes"] > 0:
                bodies[(m["src_ip"], m["src_port"], m["dst_ip"], m["dst_port"], m["body_bytes"])] += 1
    return bodies


def has_http(pcap):
    opener = gzip.open if pcap.endswith(".gz") else open
    with opener(pcap, "rb") as f:
        return b"HTTP/1." in f.read()


def compare(job):
    sensor, pcap, workdir = job
    if not has_http(pcap):
        return pcap, None
    theirs, ours = tshark_bodies(pcap), sensor_bodies(sensor, pcap, workdir)
    if theirs == ours:
        return pcap, f"{sum(ours.values())} bodies"
    missing, extra = theirs - ours, ours - theirs
    return pcap, "MISMATCH tshark-only " + str(sorted(missing.elements())[:3]) + " sensor-only " + \
        str(sorted(extra.elements())[:3])


def main(argv):
    sensor, args, known = argv[1], argv[2:], {}
    if args[:1] == ["--known"]:
        with open(args[1]) as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    name, _, reason = line.rstrip("\n").partition("\t")
                    known[name] = reason
        args = args[2:]
    pcaps = []
    for a in args:
        if os.path.isdir(a):
            pcaps += sorted(os.path.join(a, n) for n in os.listdir(a) if n.endswith((".pcap", ".pcapng", ".cap")))
        else:
            pcaps.append(a)
    passed = failed = known_count = 0
    with tempfile.TemporaryDirectory() as workdir, multiprocessing.Pool(os.cpu_count()) as pool:
        for pcap, result in pool.imap(compare, [(sensor, p, workdir) for p in pcaps]):
            if result is None:
                continue
            name = os.path.basename(pcap)
            if not result.startswith("MISMATCH"):
                passed += 1
                print(f"PASS {name}: {result}")
            elif name in known:
                known_count += 1
                print(f"KNOWN {name}: {known[name]}")
            else:
                failed += 1
                print(f"FAIL {name}: {result}")
    print(f"http bodies: {passed} passed, {failed} failed, {known_count} known")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
