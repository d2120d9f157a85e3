#!/usr/bin/env python3
"""Compares the JA3 of every TLS ClientHello with tshark's (tls.handshake.ja3).

For each capture whose bytes hold what may be a ClientHello record, tshark
lists the hellos sent as a connection's first client bytes (relative
sequence number 1, or 0 when the SYN is not in the capture) with their
client address, port and JA3; the sensor's --tls-log lists the same for
the connections it recognised as TLS. The two must be equal as multisets.
Prints one line per capture compared and a closing 'N passed, N failed'
line with the number of hellos; exits 1 on any mismatch, or when fewer
hellos than --min-hellos were compared.

usage: compare_tls_fingerprints.py SENSOR [--min-hellos N] PCAP_OR_DIR...
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

from compare_reassembly import captures

HELLO_RECORD = re.compile(rb"\x16\x03[\x00-\x04]..\x01", re.DOTALL)


def may_hold_hello(pcap):
    opener = gzip.open if pcap.endswith(".gz") else open
    with opener(pcap, "rb") as f:
        return HELLO_RECORD.search(f.read()) is not None


def tshark_hellos(pcap):
    out = subprocess.run(["tshark", "-r", pcap, "-Y", "tls.handshake.type == 1 && tcp.seq <= 1", "-T", "fields",
                          "-e", "ip.src", "-e", "ipv6.src", "-e", "tcp.srcport", "-e", "tls.handshake.ja3"],
                         capture_output=True, text=True).stdout
    hellos = collections.Counter()
    for line in out.splitlines():
        v4, v6, port, ja3 = line.split("\t")
        if ja3:  # tshark gives none for a hello it could not read whole
            hellos[(v4 or v6, int(port.split(",")[0]), ja3)] += 1
    return hellos


def sensor_hellos(sensor, pcap, workdir):
    log = os.path.join(workdir, os.path.basename(pcap) + ".tls.jsonl")
    subprocess.run([sensor, "--read", pcap, "--alert-output", "/dev/null", "--tls-log", log, "--signature-cache",
                    os.path.join(workdir, "signature-cache")], capture_output=True)
    hellos = collections.Counter()
    with open(log) as f:
        for line in f:
            c = json.loads(line)
            if c["ja3"]:
                hellos[(c["src_ip"], c["src_port"], c["ja3"])] += 1
    return hellos


def compare(job):
    sensor, pcap, workdir = job
    if not may_hold_hello(pcap):
        return pcap, None, 0
    theirs, ours = tshark_hellos(pcap), sensor_hellos(sensor, pcap, workdir)
    if theirs == ours:
        return pcap, None if not ours else f"{sum(ours.values())} hellos", sum(ours.values())
    return pcap, f"MISMATCH tshark-only {sorted((theirs - ours).elements())[:3]} " \
                 f"sensor-only {sorted((ours - theirs).elements())[:3]}", 0


def main(argv):
    sensor, args, minimum = argv[1], argv[2:], 1
    if args[:1] == ["--min-hellos"]:
        minimum, args = int(args[1]), args[2:]
    pcaps = list(captures(args))
    passed = failed = hellos = 0
    with tempfile.TemporaryDirectory() as workdir, multiprocessing.Pool(os.cpu_count()) as pool:
        for pcap, result, n in pool.imap(compare, [(sensor, p, workdir) for p in pcaps]):
            if result is None:
                continue
            name = os.path.relpath(pcap)
            if result.startswith("MISMATCH"):
                failed += 1
                print(f"FAIL {name}: {result}")
            else:
                passed += 1
                hellos += n
                print(f"PASS {name}: {result}")
    if hellos < minimum:
        failed += 1
        print(f"FAIL only {hellos} hellos compared, expected at least {minimum}")
    print(f"tls fingerprints: {passed} passed, {failed} failed, {hellos} hellos")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
