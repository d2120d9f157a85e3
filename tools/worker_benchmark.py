#!/usr/bin/env python3
"""Offline replay throughput with 1 and 2 workers (--workers) on the core
benchmark capture, full signature set, interleaved, medians of RUNS; prints
the scaling ratio (target: at least 1.8x from 1 to 2 workers).
usage: tools/worker_benchmark.py [MEGABYTES] [RUNS]   (default 200 MB, 5 runs; needs build/)
"""
import os
import sys

from signature_benchmark import ROOT, benchmark_pcap, compare


def main():
    mb = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    signatures = ROOT / "signatures"
    results = compare(benchmark_pcap(mb), (("1 worker", signatures, ("--workers", "1")),
                                           ("2 workers", signatures, ("--workers", "2"))), runs)
    print(f"2 workers / 1 worker: {results['2 workers'] / results['1 worker']:.2f}x on {os.cpu_count()} cores "
          f"(target: at least 1.8x)")


if __name__ == "__main__":
    main()
