#!/usr/bin/env python3
"""Alert delivery under load: a capture of N short outbound flows, each
carrying one mobile number (one alert per flow), replayed with alerts going
to /dev/null, then to a real rsyslog over TCP on loopback.

Reports alerts per second delivered to rsyslog (from the sensor's start to
the last message written by rsyslog) and the capture path's time with the
TCP output against /dev/null: the output must not slow the capture. Each
is run five times and the median kept: on a small machine the runs vary.
usage: tools/alert_benchmark.py [FLOWS]   (default 20000; needs build/)
"""
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from rsyslog_collector import Rsyslog, free_port  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..")


def sensor(pcap, output):
    started = time.time()
    run = subprocess.run([os.path.join(ROOT, "build", "dlp-sensor"), "--read", pcap, "--alert-output", output],
                         capture_output=True, text=True, check=True)
    return json.loads(run.stderr.strip().splitlines()[-1]), started


def main():
    flows = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    pcap = os.path.join(ROOT, "build", f"alert-flows-{flows}.pcap")
    if not os.path.exists(pcap):
        subprocess.run([sys.executable, os.path.join(ROOT, "tools", "pcapgen.py"), pcap, "--alert-flows",
                        str(flows)], check=True)
    null_times = sorted(sensor(pcap, "/dev/null")[0]["elapsed_seconds"] for _ in range(5))
    tcp_times, rates, complete = [], [], True
    for _ in range(5):
        with tempfile.TemporaryDirectory() as work:
            port = free_port()
            collector = Rsyslog(work, [("bench", "tcp", port)])
            collector.start()
            try:
                stats, started = sensor(pcap, f"tcp://127.0.0.1:{port}")
                lines = collector.lines("bench", flows, timeout=120)
                rates.append(len(lines) / (time.time() - started))
                complete &= len(lines) == stats["alerts"] == flows
                tcp_times.append(stats["elapsed_seconds"])
            finally:
                collector.stop()
    median = lambda xs: sorted(xs)[len(xs) // 2]  # noqa: E731
    print(f"capture: {flows} flows, one alert each; every alert arrived: {complete}")
    print(f"to rsyslog over TCP: {median(rates):.0f} alerts/s (median of 5; from start to the last one written)")
    print(f"capture path (median of 5): {median(tcp_times):.3f} s with the TCP output, "
          f"{median(null_times):.3f} s to /dev/null ({(median(tcp_times) / median(null_times) - 1) * 100:+.0f}%)")
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())
