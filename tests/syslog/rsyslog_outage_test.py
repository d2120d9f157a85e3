#!/usr/bin/env python3
"""No alert lost when the collector is away: a real rsyslog (RELP input,
started here on a loopback high port) and a capture of 10,000 short
outbound flows, one alert each (tests/captures/pcapgen.py --alert-flows).

1. Outage: the sensor reads the capture from a pipe, fed by this test in
   three parts. After the first, rsyslog is stopped while the second is
   being fed, and started again before the third. Every alert must arrive
   exactly once and in order, the spool must have been used, and it must
   end empty.
2. Spool cap: no collector, a 1 MiB spool. What does not fit is dropped and
   counted; a second run, with the collector up, delivers exactly what was
   spooled, the first alerts in order, so dropped = 10,000 - delivered.
Prints 'N passed, N failed'. usage: rsyslog_outage_test.py SENSOR PCAPGEN
"""
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from rsyslog_collector import Rsyslog, free_port, run_tests  # noqa: E402

FLOWS = 10000
PACKETS_PER_FLOW = 8
FIRST_PORT = 20000  # the generator's first client port; one more per flow


def read_packets(path):
    """The pcap header and each packet record, as bytes."""
    data = open(path, "rb").read()
    order = "<" if data[:4] == b"\xd4\xc3\xb2\xa1" else ">"
    records, pos = [], 24
    while pos < len(data):
        length = struct.unpack_from(order + "I", data, pos + 8)[0]
        records.append(data[pos:pos + 16 + length])
        pos += 16 + length
    return data[:24], records


def client_ports(lines):
    return [int(m.group(1)) if (m := re.search(r'src_port="(\d+)"', line)) else -1 for line in lines]


def output_stats(stderr):
    return json.loads(stderr.strip().splitlines()[-1])["outputs"][0]


def spool_files(spool):
    return [f for _, _, files in os.walk(spool) for f in files if f.endswith(".spool")]


def test_outage(sensor, pcap, work):
    failures = []
    port = free_port()
    rs = Rsyslog(work, [("relp", "relp", port)])
    rs.start()
    fifo, spool = os.path.join(work, "feed.pcap"), os.path.join(work, "spool")
    os.mkfifo(fifo)
    header, packets = read_packets(pcap)
    first, second = 3000 * PACKETS_PER_FLOW, 7000 * PACKETS_PER_FLOW
    # One worker: the alerts are checked in flow order.
    proc = subprocess.Popen([sensor, "--read", fifo, "--workers", "1", "--alert-output", f"relp://127.0.0.1:{port}",
                             "--spool-dir", spool], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        with open(fifo, "wb") as feed:
            feed.write(header + b"".join(packets[:first]))
            feed.flush()
            if len(rs.lines("relp", 3000, timeout=30)) != 3000:
                failures.append("the first 3,000 alerts did not arrive before the outage")

            def feed_slowly():
                for i in range(first, second, 100 * PACKETS_PER_FLOW):
                    feed.write(b"".join(packets[i:i + 100 * PACKETS_PER_FLOW]))
                    feed.flush()
                    time.sleep(0.01)
            writer = threading.Thread(target=feed_slowly)
            writer.start()
            time.sleep(0.1)
            rs.stop()
            writer.join()
            time.sleep(1.0)
            if not spool_files(spool):
                failures.append("nothing was spooled while the collector was away")
            rs.start()
            feed.write(b"".join(packets[second:]))
        _, err = proc.communicate(timeout=120)
        lines = rs.lines("relp", FLOWS, timeout=30)
        time.sleep(0.5)  # anything more would be a duplicate
        lines = rs.lines("relp", FLOWS, timeout=0)
        ports = client_ports(lines)
        if ports != list(range(FIRST_PORT, FIRST_PORT + FLOWS)):
            dup = len(ports) - len(set(ports))
            failures.append(f"{len(lines)} alerts arrived ({dup} duplicates); expected all {FLOWS} once, in order")
        stats = output_stats(err)
        if proc.returncode != 0 or stats["sent"] != FLOWS or stats["dropped"] != 0 or stats["spooled"] == 0 \
                or stats["replayed"] == 0 or stats["spool_pending"] != 0 or stats["reconnects"] == 0:
            failures.append(f"exit {proc.returncode}, output stats {stats}")
        if spool_files(spool):
            failures.append(f"the spool did not end empty: {spool_files(spool)}")
    finally:
        if proc.poll() is None:
            proc.kill()
        rs.stop()
    return failures


def test_spool_cap(sensor, pcap, work):
    failures = []
    port = free_port()
    spool = os.path.join(work, "spool")
    args = ["--workers", "1", "--alert-output", f"relp://127.0.0.1:{port}", "--spool-dir", spool, "--spool-max", "1"]
    away = subprocess.run([sensor, "--read", pcap, *args], capture_output=True, text=True, timeout=120)
    first = output_stats(away.stderr)
    kept, lost = first["spooled"], first["dropped"]
    if away.returncode != 0 or first["sent"] != 0 or kept + lost != FLOWS or lost == 0 or kept == 0 \
            or first["spool_pending"] != kept:
        failures.append(f"collector away, 1 MiB spool: exit {away.returncode}, output stats {first}")
    empty = os.path.join(work, "empty.pcap")
    with open(empty, "wb") as f:
        f.write(read_packets(pcap)[0])
    rs = Rsyslog(work, [("relp", "relp", port)])
    rs.start()
    try:
        back = subprocess.run([sensor, "--read", empty, *args], capture_output=True, text=True, timeout=120)
        lines = rs.lines("relp", kept, timeout=30)
        if client_ports(lines) != list(range(FIRST_PORT, FIRST_PORT + kept)):
            failures.append(f"{len(lines)} alerts arrived; expected the first {kept}, in order")
        if FLOWS - len(lines) != lost:
            failures.append(f"dropped counter {lost}, but {FLOWS - len(lines)} alerts were lost")
        second = output_stats(back.stderr)
        if back.returncode != 0 or second["replayed"] != kept or second["sent"] != kept \
                or second["spool_pending"] != 0 or spool_files(spool):
            failures.append(f"collector back: exit {back.returncode}, output stats {second}")
    finally:
        rs.stop()
    return failures


def main():
    sensor, pcapgen = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as shared:
        pcap = os.path.join(shared, "alert-flows.pcap")
        subprocess.run([sys.executable, pcapgen, pcap, "--alert-flows", str(FLOWS)], check=True)
        return run_tests((test_outage, test_spool_cap), sensor, pcap)


if __name__ == "__main__":
    sys.exit(main())
