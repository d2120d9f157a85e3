#!/usr/bin/env python3
"""Compares the sensor's reassembled TCP streams with tshark's.

For each pcap, the sensor dumps every stream direction it delivers
(--dump-streams) and tshark prints the same streams with
`-z follow,tcp,raw,N`. Every direction the sensor reassembled without a gap
must be byte-identical to tshark's. Prints one line per pcap and a closing
'N passed, N failed' line; exits 1 on any mismatch.

A capture listed in the --known file (its file name, a tab, the reason)
is reported but not counted as a failure: each line there says why the
sensor differs from tshark on purpose.

usage: compare_reassembly.py SENSOR [--known FILE] PCAP_OR_DIR...
"""
import collections
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile

NODE = re.compile(r"^Node ([01]): (.*):(\d+)$")


def endpoint(text_ip, port):
    return (text_ip.strip("[]"), int(port))


def tshark_follow(pcap, ids):
    """tshark's streams among `ids`: [(number, node0, node1, bytes0, bytes1)]."""
    args = ["tshark", "-r", pcap, "-q"]
    for i in ids:
        args += ["-z", f"follow,tcp,raw,{i}"]
    text = subprocess.run(args, capture_output=True, text=True).stdout
    streams = []
    for block in text.split("===================================================================\nFollow: tcp,raw\n")[1:]:
        nodes, data, number = {}, [bytearray(), bytearray()], -1
        for line in block.splitlines():
            m = NODE.match(line)
            if line.startswith("Filter: tcp.stream eq "):
                number = int(line.split()[-1])
            if m:
                nodes[int(m.group(1))] = endpoint(m.group(2), m.group(3))
            elif line.startswith("\t") and re.fullmatch(r"[0-9a-f]+", line.strip()):
                data[1] += bytes.fromhex(line.strip())
            elif re.fullmatch(r"[0-9a-f]+", line.strip() or "x"):
                data[0] += bytes.fromhex(line.strip())
        # A stream number the capture does not have prints empty nodes (":0").
        if len(nodes) == 2 and nodes[0][0]:
            streams.append((number, nodes[0], nodes[1], bytes(data[0]), bytes(data[1])))
    return streams


def tshark_streams(pcap):
    """Returns [(node0, node1, bytes0, bytes1)] in tshark stream order."""
    # Stream numbers run from 0 without holes: ask for a batch at a time
    # until one comes back short (one tshark run for most captures).
    streams, start, size = [], 0, 64
    while True:
        found = tshark_follow(pcap, range(start, start + size))
        streams += found
        if len(found) < size:
            break
        start, size = start + size, 200
    # tshark prints its taps in no particular order.
    return [s[1:] for s in sorted(streams)]


def sensor_streams(sensor, pcap, workdir):
    """Returns {(sender, receiver): [(bytes, gaps), ...]} in flow order."""
    subprocess.run([sensor, "--read", pcap, "--all-directions", "--alert-output", os.devnull,
                    "--dump-streams", workdir], capture_output=True)
    found = collections.defaultdict(list)
    index = os.path.join(workdir, "index.tsv")
    if not os.path.exists(index):
        return found
    rows = [line.rstrip("\n").split("\t") for line in open(index)]
    rows.sort(key=lambda r: (int(r[0].split("-")[0]), r[0]))
    for name, src, sport, dst, dport, size, gaps, dropped in rows:
        with open(os.path.join(workdir, name + ".bin"), "rb") as f:
            data = f.read()
        found[(endpoint(src, sport), endpoint(dst, dport))].append((data, int(gaps) + int(dropped)))
    return found


def compare(sensor, pcap):
    with tempfile.TemporaryDirectory() as work:
        ours = sensor_streams(sensor, pcap, work)
        theirs_streams = tshark_streams(pcap)
        # Where the sensor split a connection tshark keeps whole (a SYN after
        # a RST, a flow that timed out), its extra flows that carried nothing
        # are not counterparts of tshark's streams.
        wanted = collections.Counter()
        for n0, n1, _, _ in theirs_streams:
            wanted[(n0, n1)] += 1
            wanted[(n1, n0)] += 1
        for key, flows in ours.items():
            while len(flows) > wanted[key] and any(not data for data, _ in flows):
                flows.remove(next(f for f in flows if not f[0]))
        taken = collections.Counter()
        checked = skipped = 0
        problems = []
        for n0, n1, b0, b1 in theirs_streams:
            for sender, receiver, theirs in ((n0, n1, b0), (n1, n0, b1)):
                key = (sender, receiver)
                i = taken[key]
                taken[key] += 1
                if i >= len(ours.get(key, [])):
                    if theirs:
                        problems.append(f"{sender}->{receiver}: tshark has {len(theirs)} bytes, sensor none")
                    continue
                data, gaps = ours[key][i]
                if gaps:
                    skipped += 1
                    continue
                checked += 1
                if data != theirs:
                    at = next((k for k in range(min(len(data), len(theirs))) if data[k] != theirs[k]),
                              min(len(data), len(theirs)))
                    problems.append(f"{sender}->{receiver}: sensor {len(data)} bytes, tshark {len(theirs)},"
                                    f" first difference at {at}")
        return checked, skipped, problems


def captures(paths):
    for path in paths:
        if os.path.isdir(path):
            for root, _, files in sorted(os.walk(path)):
                yield from (os.path.join(root, f) for f in sorted(files) if f.endswith((".pcap", ".pcapng")))
        else:
            yield path


def main():
    args = sys.argv[1:]
    sensor = args.pop(0)
    known = {}
    if args and args[0] == "--known":
        for line in open(args[1]):
            if line.strip() and not line.startswith("#"):
                name, reason = line.rstrip("\n").split("\t", 1)
                known[name] = reason
        args = args[2:]
    passed = failed = 0
    pcaps = list(captures(args))
    with multiprocessing.Pool(os.cpu_count()) as pool:
        results = pool.starmap(compare, [(sensor, p) for p in pcaps])
    for pcap, (checked, skipped, problems) in zip(pcaps, results):
        status = "FAIL" if problems else "ok"
        if problems and os.path.basename(pcap) in known:
            status, problems = f"known ({known[os.path.basename(pcap)]})", []
        print(f"{status} {pcap}: {checked} directions identical, {skipped} with gaps skipped")
        for p in problems[:5]:
            print("    " + p)
        if problems:
            failed += 1
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
