#!/usr/bin/env bash
# Throughput of one worker on a generated mixed-traffic capture (many flows,
# sparse personal data), next to the fixed reference: Hyperscan alone over
# the same payload bytes with tools/bench/reference.hsre.
# usage: tools/bench/benchmark.sh [MEGABYTES]   (default 200; needs a release build in build/)
set -euo pipefail
cd "$(dirname "$0")/../.."
mb=${1:-200}
pcap=build/bench-${mb}mb.pcap
[ -f "$pcap" ] || python3 tests/captures/pcapgen.py "$pcap" --bench-mb "$mb"
wire_bytes=$(stat -c %s "$pcap")

/usr/bin/time -f '%M' -o build/bench.rss build/dlp-sensor --read "$pcap" --alert-format json \
  --alert-output /dev/null 2>build/bench.stats
python3 - "$pcap" build/bench.stats build/bench.rss <<'PY'
import json, subprocess, sys
pcap, stats_file, rss_file = sys.argv[1:]
stats = json.loads(open(stats_file).read().strip().splitlines()[-1])
secs = stats["elapsed_seconds"]
ceiling = json.loads(subprocess.run(["build/hs-reference", "tools/bench/reference.hsre", pcap], capture_output=True,
                                    text=True, check=True).stdout)
sensor_payload_gbps = stats["scan"]["bytes"] * 8 / secs / 1e9
print(f"capture: {pcap}, {stats['packets']} packets, {stats['bytes'] / 1e6:.1f} MB on the wire, "
      f"{stats['flows']['created']} flows, {stats['alerts']} alerts")
print(f"sensor (1 worker): {stats['bytes'] * 8 / secs / 1e9:.3f} Gbit/s wire, "
      f"{stats['packets'] / secs / 1e3:.0f} kpackets/s, {sensor_payload_gbps:.3f} Gbit/s of payload, "
      f"{secs:.2f} s, peak RSS {int(open(rss_file).read().split()[-1]) / 1024:.0f} MiB")
print(f"reference (Hyperscan alone, same payload, reference.hsre): {ceiling['gbit_per_s']:.3f} Gbit/s of payload")
print(f"sensor / reference: {sensor_payload_gbps / ceiling['gbit_per_s'] * 100:.0f}%")
PY
