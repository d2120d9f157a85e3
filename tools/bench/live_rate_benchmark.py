#!/usr/bin/env python3
"""The highest replay rate a live sensor keeps up with, without a drop.

Makes a network namespace with a veth pair (needs root), runs the sensor
live on one end with 1 worker, 2 workers with an AF_PACKET fanout socket
each, and 2 workers fed by one capture thread (--no-fanout), and replays the core benchmark
capture into the other end with tcpreplay at rising rates (--mbps, then
--topspeed). The kernel buffer is 8 MiB (per socket), so that the rate is sustained,
not absorbed by the buffer. A rate passes when the kernel dropped nothing,
no worker ring dropped anything and the sensor counted every packet of the
capture.
usage: tools/bench/live_rate_benchmark.py [MEGABYTES [SENSOR]]   (default 50 and build/dlp-sensor;
a baseline binary from tools/bench/line_rate.py, build/baseline-COMMIT/build/dlp-sensor, gives the before)
"""
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from netns_veth import VethNamespace  # noqa: E402
RATES = ["100", "200", "400", "800", "1600", "topspeed"]


def packets_in(pcap):
    out = subprocess.run(["capinfos", "-c", "-M", str(pcap)], capture_output=True, text=True).stdout
    return int(out.strip().splitlines()[-1].split()[-1])


def run(netns, binary, pcap, workers, extra, rate):
    sensor = subprocess.Popen(netns + [str(binary), "--interface", "sensor0", "--workers",
                                       str(workers), "--capture-buffer", "8", "--bpf", "tcp",
                                       "--alert-output", "/dev/null", *extra],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in sensor.stderr:
        if '"event":"start"' in line:
            break
    speed = ["--topspeed"] if rate == "topspeed" else ["--mbps", rate]
    replay = subprocess.run(netns + ["tcpreplay", "-i", "replay0", *speed, str(pcap)], capture_output=True, text=True)
    time.sleep(1)
    sensor.send_signal(signal.SIGTERM)
    _, err = sensor.communicate(timeout=120)
    stats = json.loads(err.strip().splitlines()[-1])
    sent = [line for line in replay.stdout.splitlines() if "Rated:" in line]
    return stats, (sent[0].split(",")[1].strip() if sent else "?")


def main():
    mb = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    binary = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "build/dlp-sensor"
    pcap = ROOT / f"build/bench-{mb}mb.pcap"
    if not pcap.exists():
        subprocess.run([sys.executable, str(ROOT / "tests/captures/pcapgen.py"), str(pcap), "--bench-mb", str(mb)], check=True)
    expected = packets_in(pcap)
    with VethNamespace("dlp-rate") as ns:
        for workers, extra, name in ((1, [], "1 worker"), (2, [], "2 workers, fanout"),
                                     (2, ["--no-fanout"], "2 workers, rings")):
            best = None
            for rate in RATES:
                stats, achieved = run(ns.exec, binary, pcap, workers, extra, rate)
                dropped = stats["capture"]["dropped"] + stats.get("dispatch", {}).get("dropped", 0)
                ok = dropped == 0 and stats["packets"] == expected
                print(f"{name}, {rate} Mbps (tcpreplay: {achieved}): {stats['packets']} of {expected} "
                      f"packets, {dropped} dropped: {'ok' if ok else 'LOSS'}", flush=True)
                if not ok:
                    break
                best = f"{rate} ({achieved})"
            print(f"{name}: highest rate without a drop: {best}")


if __name__ == "__main__":
    main()
