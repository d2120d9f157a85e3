#!/usr/bin/env python3
"""HTTP-Evader's captures against tshark and against browsers.

Each of HTTP-Evader's captures holds one connection whose response serves
the EICAR file through a framing, coding or header evasion; browsers decode
it to the file (the ground truth's expected length, 68 bytes). The captures
(each with its own client port) are merged into one, which the sensor
(--http-log) and tshark (PDML "File Data") each read once. Per connection:
  equal    the sensor's body lengths are tshark's;
  browser  they differ, and the sensor's response body is the file, as
           browsers read it (tshark, stricter, reads less or nothing);
  known    the evasion (the request URI) is listed in KNOWN with a reason;
  FAIL     otherwise, or when the sensor does not exit 0.
Prints each connection that is not equal and a closing count line; exits 1
on any failure.
usage: compare_evader_bodies.py SENSOR EVADER_DIR GROUND_TRUTH_TSV KNOWN_TSV
"""
import collections
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_http_bodies import tshark_bodies  # noqa: E402


def expected_length(ground_truth):
    """The one decoded length every case of the ground truth expects."""
    lengths = set()
    with open(ground_truth) as f:
        for line in f:
            m = re.search(r"\((\d+) bytes", line)
            if m:
                lengths.add(int(m.group(1)))
    assert len(lengths) == 1, lengths
    return lengths.pop()


def read_known(path):
    known = {}
    with open(path) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                uri, _, reason = line.rstrip("\n").partition("\t")
                known[uri] = reason
    return known


def main(argv):
    sensor, evader, ground_truth, known_file = argv[1:5]
    expected, known = expected_length(ground_truth), read_known(known_file)
    with tempfile.TemporaryDirectory() as work:
        merged = os.path.join(work, "evader.pcap")
        subprocess.run(["mergecap", "-F", "pcap", "-w", merged, *sorted(glob.glob(os.path.join(evader, "*.pcap")))],
                       check=True)
        log = os.path.join(work, "http.jsonl")
        run = subprocess.run([sensor, "--read", merged, "--all-directions", "--alert-output", os.devnull,
                              "--http-log", log], capture_output=True, text=True)
        if run.returncode != 0:
            print(f"FAIL the sensor exited with {run.returncode}: {run.stderr[-300:]}")
            return 1
        # Connections by their client end, named by their request's URI (the
        # evasion); the server's port is 80 throughout.
        uris = {}
        requests = subprocess.run(["tshark", "-r", merged, "-Y", "http.request", "-T", "fields", "-e", "ip.src",
                                   "-e", "tcp.srcport", "-e", "http.request.uri"], capture_output=True, text=True)
        for line in requests.stdout.splitlines():
            ip, port, uri = line.split("\t")
            uris.setdefault((ip, int(port)), uri)
        ours = collections.defaultdict(collections.Counter)
        with open(log) as f:
            for line in f:
                m = json.loads(line)
                client = (m["dst_ip"], m["dst_port"]) if m["src_port"] == 80 else (m["src_ip"], m["src_port"])
                if m["body_bytes"] > 0:
                    ours[client][(m["src_port"] == 80, m["body_bytes"])] += 1
        theirs = collections.defaultdict(collections.Counter)
        for (src, sport, dst, dport, length), n in tshark_bodies(merged).items():
            client = (dst, dport) if sport == 80 else (src, sport)
            theirs[client][(sport == 80, length)] += n
    counts = collections.Counter()
    for client in sorted(set(ours) | set(theirs) | set(uris), key=lambda c: c[1]):
        uri = uris.get(client, "?")
        if ours[client] == theirs[client]:
            counts["equal"] += 1
        elif ours[client][(True, expected)] == 1:
            counts["browser"] += 1
        elif uri in known:
            counts["known"] += 1
            print(f"known {uri}: {known[uri]}")
        else:
            counts["failed"] += 1
            print(f"FAIL {uri} (client port {client[1]}): sensor {sorted(ours[client].elements())}, "
                  f"tshark {sorted(theirs[client].elements())}")
    print(f"evader: {sum(counts.values())} connections: {counts['equal']} equal to tshark, {counts['browser']} decoded "
          f"to the {expected}-byte file where tshark differs, {counts['known']} known, {counts['failed']} failed")
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
