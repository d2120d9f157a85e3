#!/usr/bin/env python3
"""Throughput with application decoding on (HTTP, SMTP, FTP, MIME, archives,
compression) against decoding off (--no-app-decoding: raw stream bytes
only), full signature set, on the core benchmark capture. Each figure is
the median of RUNS replays by one worker, interleaved.
usage: tools/bench/decoding_benchmark.py [MEGABYTES] [RUNS]   (default 200 MB, 5 runs; needs build/)
"""
import sys

from signature_benchmark import ROOT, benchmark_pcap, compare


def main():
    mb = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    signatures = ROOT / "signatures"
    results = compare(benchmark_pcap(mb), (("decoding off", signatures, ("--no-app-decoding",)),
                                           ("decoding on", signatures, ())), runs)
    print(f"on / off: {results['decoding on'] / results['decoding off'] * 100:.0f}% (target: at least 70%)")


if __name__ == "__main__":
    main()
