#!/usr/bin/env python3
"""Offline replay throughput with 1 and 2 workers (--workers) on the core
benchmark capture, full signature set, interleaved, medians of RUNS; prints
the scaling ratio (target: at least 1.8x from 1 to 2 workers).

Two workers are measured both ways a replay can feed them: each reading the
file and keeping its share (the default), and one thread feeding both
through rings (--no-fanout). The machine's own ceiling is measured too: two
separate one-worker processes replaying the whole capture at once share
nothing but the machine, so twice one process's time over theirs is the
most two workers can gain here.
usage: tools/bench/worker_benchmark.py [MEGABYTES] [RUNS]   (default 200 MB, 5 runs; needs build/)
"""
import json
import os
import statistics
import subprocess
import sys

from signature_benchmark import ROOT, benchmark_pcap, compare


def two_processes_at_once(pcap, signatures, runs):
    """Gbit/s on the wire of two one-worker replays started together (both
    processes' bytes over the later finish), median of `runs`."""
    rates = []
    for _ in range(runs):
        procs = [subprocess.Popen([str(ROOT / "build/dlp-sensor"), "--read", str(pcap), "--signatures", str(signatures),
                                   "--workers", "1", "--alert-output", "/dev/null"],
                                  stderr=subprocess.PIPE, text=True) for _ in range(2)]
        stats = [json.loads(p.communicate()[1].strip().splitlines()[-1]) for p in procs]
        rates.append(sum(s["bytes"] for s in stats) * 8 / max(s["elapsed_seconds"] for s in stats) / 1e9)
    return statistics.median(rates)


def main():
    mb = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    signatures = ROOT / "signatures"
    pcap = benchmark_pcap(mb)
    results = compare(pcap, (("1 worker", signatures, ("--workers", "1")),
                             ("2 workers", signatures, ("--workers", "2")),
                             ("2 workers, rings", signatures, ("--workers", "2", "--no-fanout"))), runs)
    one = results["1 worker"]
    pair = two_processes_at_once(pcap, signatures, runs)
    print(f"two one-worker processes at once: {pair:.3f} Gbit/s wire together, median of {runs}")
    print(f"2 workers / 1 worker: {results['2 workers'] / one:.2f}x (through rings {results['2 workers, rings'] / one:.2f}x)"
          f" on {os.cpu_count()} cores, target at least 1.8x; the machine's ceiling (two processes / one): "
          f"{pair / one:.2f}x")

if __name__ == "__main__":
    main()
