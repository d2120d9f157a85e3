#!/usr/bin/env python3
"""Throughput with the full signature set against the four-signature core
set (resident ID, mobile, bank card, email: ids 1001-1004) on the same
capture: the core benchmark's mixed traffic. Each figure is the median of
RUNS replays by one worker, alerts to /dev/null.
usage: tools/bench/signature_benchmark.py [MEGABYTES] [RUNS]   (default 200 MB, 5 runs; needs build/)
"""
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE_IDS = {1001, 1002, 1003, 1004}


def core_set(into):
    """The sections of signatures/*.sig whose id is a core one."""
    for sig in sorted((ROOT / "signatures").glob("*.sig")):
        sections = re.split(r"(?m)^(?=\[signature\])", sig.read_text())
        keep = [s for s in sections[1:] if int(re.search(r"(?m)^id = (\d+)", s).group(1)) in CORE_IDS]
        if keep:
            (into / sig.name).write_text("".join(keep))


def replay(pcap, signatures, extra=()):
    run = subprocess.run([str(ROOT / "build/dlp-sensor"), "--read", str(pcap), "--signatures", str(signatures),
                          "--alert-format", "json", "--alert-output", "/dev/null", *extra],
                         capture_output=True, text=True, check=True)
    stats = json.loads(run.stderr.strip().splitlines()[-1])
    start = json.loads(next(line for line in run.stderr.splitlines() if '"event":"start"' in line))
    return stats, start


def benchmark_pcap(mb):
    """The core benchmark capture of `mb` megabytes, written once."""
    pcap = ROOT / f"build/bench-{mb}mb.pcap"
    if not pcap.exists():
        subprocess.run([sys.executable, str(ROOT / "tests/captures/pcapgen.py"), str(pcap), "--bench-mb", str(mb)], check=True)
    return pcap


def compare(pcap, variants, runs):
    """Replays `pcap` with each (name, signatures, extra arguments) variant,
    interleaved so that the VM's drifting load weighs on all alike; prints
    the median of `runs` and returns {name: Gbit/s on the wire}."""
    samples = {name: [] for name, _, _ in variants}
    for _ in range(runs):
        for name, path, extra in variants:
            samples[name].append(replay(pcap, path, extra))
    results = {}
    for name, _, _ in variants:
        secs = statistics.median(s["elapsed_seconds"] for s, _ in samples[name])
        stats, start = samples[name][0]
        gbps = stats["bytes"] * 8 / secs / 1e9
        results[name] = gbps
        print(f"{name}: {start['signatures']} signatures, {start['patterns']} patterns "
              f"(compiled in {start['signature_compile_seconds']:.3f} s); {secs:.3f} s median of {runs}, "
              f"{gbps:.3f} Gbit/s wire, {stats['alerts']} alerts, {stats['scan']['matches']} matches")
    return results


def main():
    mb = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    pcap = benchmark_pcap(mb)
    with tempfile.TemporaryDirectory() as tmp:
        core_set(Path(tmp))
        results = compare(pcap, (("core", Path(tmp), ()), ("full", ROOT / "signatures", ())), runs)
    print(f"full / core: {results['full'] / results['core'] * 100:.0f}% (target: at least 60%)")


if __name__ == "__main__":
    main()
