#!/usr/bin/env python3
"""Alert delivery under load, against a real rsyslog on loopback.

1. Rate: a capture of FLOWS short outbound flows, one alert each, sent to
   rsyslog over TCP and over RELP: alerts per second from the sensor's start
   to the last message rsyslog wrote, and whether every one arrived.
2. Capture path: the core benchmark capture (tests/captures/pcapgen.py --bench-mb MB)
   with one alert per flow, replayed with alerts to /dev/null and to rsyslog
   over TCP, runs interleaved: the capture loop's time (elapsed_seconds)
   must not grow by more than 10% when alerts go over the network.
Five runs of each, medians reported: on a small machine single runs vary.
usage: tools/bench/alert_benchmark.py [FLOWS [MB]]   (default 20000 and 100; needs build/)
"""
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "syslog"))
from rsyslog_collector import Rsyslog, free_port  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
RUNS = 5


def median(xs):
    return sorted(xs)[len(xs) // 2]


def capture(name, *args):
    path = os.path.join(ROOT, "build", name)
    if not os.path.exists(path):
        subprocess.run([sys.executable, os.path.join(ROOT, "tests", "captures", "pcapgen.py"), path, *args], check=True)
    return path


def sensor(pcap, output):
    started = time.time()
    run = subprocess.run([os.path.join(ROOT, "build", "dlp-sensor"), "--read", pcap, "--alert-output", output],
                         capture_output=True, text=True, check=True)
    return json.loads(run.stderr.strip().splitlines()[-1]), started


def to_rsyslog(pcap, kind, expected):
    """One run into a fresh rsyslog: (stats, alerts/s, all arrived)."""
    with tempfile.TemporaryDirectory() as work:
        port = free_port()
        collector = Rsyslog(work, [("bench", kind, port)])
        collector.start()
        try:
            stats, started = sensor(pcap, f"{kind}://127.0.0.1:{port}")
            lines = collector.lines("bench", expected, timeout=120)
            return stats, len(lines) / (time.time() - started), len(lines) == stats["alerts"] == expected
        finally:
            collector.stop()


def main():
    flows = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    mb = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    complete = True
    short = capture(f"alert-flows-{flows}.pcap", "--alert-flows", str(flows))
    for kind in ("tcp", "relp"):
        runs = [to_rsyslog(short, kind, flows) for _ in range(RUNS)]
        complete &= all(ok for _, _, ok in runs)
        print(f"{flows} short flows, one alert each, to rsyslog over {kind.upper()}: "
              f"{median([rate for _, rate, _ in runs]):.0f} alerts/s (median of {RUNS}); "
              f"every alert arrived: {all(ok for _, _, ok in runs)}")

    bench = capture(f"bench-{mb}mb-alert-per-flow.pcap", "--bench-mb", str(mb), "--alert-per-flow")
    null_times, tcp_times = [], []
    for _ in range(RUNS):
        null_stats = sensor(bench, "/dev/null")[0]
        null_times.append(null_stats["elapsed_seconds"])
        stats, _, ok = to_rsyslog(bench, "tcp", null_stats["alerts"])
        complete &= ok
        tcp_times.append(stats["elapsed_seconds"])
    null, tcp = median(null_times), median(tcp_times)
    print(f"capture path, {mb} MB benchmark capture with one alert per flow ({stats['alerts']} alerts), "
          f"median of {RUNS}: {tcp:.3f} s with alerts to rsyslog over TCP, {null:.3f} s to /dev/null "
          f"({(tcp / null - 1) * 100:+.1f}%)")
    print(f"  runs to /dev/null: {sorted(null_times)}; to rsyslog: {sorted(tcp_times)}")
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())
