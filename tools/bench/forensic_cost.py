#!/usr/bin/env python3
"""What the forensic extras cost on a long replay: the core benchmark capture read COPIES times in one
run (default 10 x 200 MB, 2 GB), full set, alerts to /dev/null, with and without the progress line
(--progress, drawn on stderr as on a terminal) and the replay summary (--replay-summary: every file
hashed with SHA-256 as it is read), with one worker and with one per core. Medians of RUNS, interleaved.
usage: tools/bench/forensic_cost.py [MEGABYTES [COPIES [RUNS]]]   (default 200 10 3; needs build/)
"""
import sys

from signature_benchmark import ROOT, benchmark_pcap, compare


def main():
    defaults = [200, 10, 3]
    mb, copies, runs = [int(a) for a in sys.argv[1:4]] + defaults[len(sys.argv[1:4]):]
    pcap = benchmark_pcap(mb)
    more = [arg for _ in range(copies - 1) for arg in ("--read", str(pcap))]
    signatures = ROOT / "signatures"
    for workers in ("1", "0"):
        common = ["--workers", workers, *more]
        results = compare(pcap, (("plain", signatures, common + ["--no-progress"]),
                                 ("progress and summary", signatures, common + ["--progress", "--replay-summary"])),
                          runs)
        cost = 1 - results["progress and summary"] / results["plain"]
        print(f"{copies} x {mb} MB, --workers {workers}: progress and summary cost {cost:.2%} of the replay's rate")


if __name__ == "__main__":
    main()
