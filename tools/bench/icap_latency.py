#!/usr/bin/env python3
"""What ICAP inspection adds to an upload's latency behind Squid: CLIENTS
curl loops upload through Squid (ssl_bump, proxy authentication) to the
HTTPS origin of the Squid test's namespaces for SECONDS, one upload in five
a 600-row customer list, with Squid asking the sensor (REQMOD and RESPMOD,
monitor mode) and with ICAP off; ROUNDS of each, interleaved. Prints each
round's p50 and p99 and the medians' ratios. Needs root.
usage: tools/bench/icap_latency.py [ROUNDS [SECONDS [CLIENTS]]]   (default 3 rounds of 20 s, 50 clients)
"""
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests/icap"))
sys.path.insert(0, str(ROOT / "tests"))
import squid_icap_test as squid_test  # noqa: E402
from netns_pair import NamespacePair  # noqa: E402


def percentiles(times):
    return times[len(times) // 2], times[int(len(times) * 0.99)]


def main(rounds=3, seconds=20, clients=50):
    rounds, seconds, clients = int(rounds), int(seconds), int(clients)
    binary = str(ROOT / "build/dlp-sensor")
    results = {"squid": [], "squid+icap": []}
    with tempfile.TemporaryDirectory() as home, \
            NamespacePair("dlp-icb", squid_test.GATEWAY, squid_test.WORKSTATION) as ns:
        squid_test.setup(home, str(ROOT / "tests/captures/pcapgen.py"))
        with squid_test.origin(ns, home):
            for r in range(rounds):
                for mode in results:
                    if mode == "squid":
                        with squid_test.squid(ns, home, icap=False):
                            times, failed, _ = squid_test.load(ns, home, clients, seconds)
                    else:
                        with squid_test.sensor(ns, binary, home), squid_test.squid(ns, home):
                            times, failed, _ = squid_test.load(ns, home, clients, seconds)
                    p50, p99 = percentiles(times)
                    results[mode].append((p50, p99, len(times), failed))
                    print(f"round {r + 1} {mode:11} {len(times):5} uploads, {failed} failed, "
                          f"p50 {p50 * 1000:6.0f} ms, p99 {p99 * 1000:6.0f} ms", flush=True)
    median = {m: (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v)) for m, v in results.items()}
    base, icap = median["squid"], median["squid+icap"]
    print(f"medians: squid p50 {base[0] * 1000:.0f} ms p99 {base[1] * 1000:.0f} ms; squid+icap p50 "
          f"{icap[0] * 1000:.0f} ms p99 {icap[1] * 1000:.0f} ms; added p50 {(icap[0] - base[0]) * 1000:+.0f} ms "
          f"({icap[0] / base[0]:.2f}x), p99 {(icap[1] - base[1]) * 1000:+.0f} ms ({icap[1] / base[1]:.2f}x)")


if __name__ == "__main__":
    main(*sys.argv[1:])
