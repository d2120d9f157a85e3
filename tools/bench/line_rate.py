#!/usr/bin/env python3
"""One worker's line rate against a baseline: builds dlp-sensor at COMMIT
(default 31f6d21) in build/baseline-COMMIT (once), then replays the
benchmark capture with it and with build/dlp-sensor, interleaved, one
worker, each with its own commit's full signature set, decoding on, alerts to /dev/null; RUNS of each
(default 5), medians. Reports Gbit/s on the wire, packets/s, peak RSS,
heap allocations per packet in steady state (the allocations of the second
half of the capture, counted by build/liballoc-count.so, over its packets;
and over its flows), the same for the packets of one long upload (50 MB
less 5 MB, so that only in-order data is counted), and new/baseline; and, in the same run, the fixed reference: Hyperscan
alone streaming the same payloads with tools/bench/reference.hsre.
usage: tools/bench/line_rate.py [COMMIT] [MEGABYTES] [RUNS]   (needs a release build in build/)
"""
import json
import random
import statistics
import subprocess
import sys
import tempfile

from signature_benchmark import ROOT, benchmark_pcap


def baseline(commit):
    """The dlp-sensor binary of `commit`, built from `git archive` once."""
    home = ROOT / f"build/baseline-{commit}"
    binary = home / "build/dlp-sensor"
    if not binary.exists():
        (home / "src").mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(home / "src")], input=archive, check=True)
        subprocess.run(["cmake", "-S", str(home / "src"), "-B", str(home / "build"), "-DCMAKE_BUILD_TYPE=Release"],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["cmake", "--build", str(home / "build"), "-j2", "--target", "dlp-sensor"], check=True,
                       stdout=subprocess.DEVNULL)
    return binary


def signatures_of(binary):
    """The signature set of the commit `binary` was built from: a baseline's
    own (an older binary may not read today's signatures), else the tree's."""
    own = binary.parent.parent / "src/signatures"
    return own if own.is_dir() else ROOT / "signatures"


def replay(binary, pcap, count_allocations=False):
    """(stats, peak RSS in KiB, allocations or None) of one replay."""
    with tempfile.TemporaryDirectory() as scratch:
        # Preloaded into the sensor only, not into time(1).
        counting = ["env", f"LD_PRELOAD={ROOT / 'build/liballoc-count.so'}",
                    f"ALLOC_COUNT_FILE={scratch}/allocations"] if count_allocations else []
        run = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", f"{scratch}/rss", *counting, str(binary), "--read",
                              str(pcap), "--signatures", str(signatures_of(binary)), "--workers", "1", "--alert-output",
                              "/dev/null"], capture_output=True, text=True, check=True)
        stats = json.loads(run.stderr.strip().splitlines()[-1])
        rss = int(open(f"{scratch}/rss").read().split()[-1])
        allocations = int(open(f"{scratch}/allocations").read()) if count_allocations else None
        return stats, rss, allocations


def reference(pcap):
    run = subprocess.run([str(ROOT / "build/hs-reference"), str(ROOT / "tools/bench/reference.hsre"), str(pcap)],
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def allocations_per_packet(binary, whole, half):
    """Allocations of the second half of a capture per packet and per flow
    of it: the half capture is the whole one's first half (the generator is
    seeded)."""
    all_stats, _, all_allocs = replay(binary, whole, True)
    half_stats, _, half_allocs = replay(binary, half, True)
    allocations = all_allocs - half_allocs
    return (allocations / (all_stats["packets"] - half_stats["packets"]),
            allocations / max(1, all_stats["flows"]["created"] - half_stats["flows"]["created"]))


def long_uploads():
    """One connection uploading 5 MB and the same uploading 50 MB of Chinese
    text: what the packets of an in-order stream allocate, flows and
    messages aside."""
    sys.path.insert(0, str(ROOT / "tests/captures"))
    import pcapgen
    from mixedtraffic import chinese_page
    paths = []
    for mb in (5, 50):
        path = ROOT / f"build/long-upload-{mb}mb.pcap"
        if not path.exists():
            page = chinese_page(random.Random(1), 400).encode()
            capture = pcapgen.Pcap(path)
            c = pcapgen.Connection(capture, ("10.1.1.1", 40000), ("203.0.113.5", 80))
            c.handshake()
            c.send(0, pcapgen.http_upload((page * (mb * 1_000_000 // len(page) + 1))[:mb * 1_000_000]))
            pcapgen.respond_and_close(c)
            capture.close()
        paths.append(path)
    return paths


def main():
    commit = sys.argv[1] if len(sys.argv) > 1 else "31f6d21"
    mb = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    pcap, half = benchmark_pcap(mb), benchmark_pcap(mb // 2)
    binaries = {"new": ROOT / "build/dlp-sensor", f"baseline {commit}": baseline(commit)}
    samples = {name: [] for name in binaries}
    references = []
    for _ in range(runs):
        for name, binary in binaries.items():
            samples[name].append(replay(binary, pcap))
        references.append(reference(pcap))
    short, long = long_uploads()
    rates = {}
    for name, binary in binaries.items():
        secs = statistics.median(s["elapsed_seconds"] for s, _, _ in samples[name])
        stats = samples[name][0][0]
        rss = statistics.median(r for _, r, _ in samples[name])
        rates[name] = stats["bytes"] * 8 / secs / 1e9
        payload = stats["scan"]["bytes"] * 8 / secs / 1e9
        per_packet, per_flow = allocations_per_packet(binary, pcap, half)
        in_stream, _ = allocations_per_packet(binary, long, short)
        print(f"{name}: {rates[name]:.3f} Gbit/s wire, {stats['packets'] / secs / 1e3:.0f} kpackets/s, "
              f"{payload:.3f} Gbit/s scanned, peak RSS {rss / 1024:.0f} MiB, {stats['alerts']} alerts "
              f"(median of {runs}, {secs:.3f} s); heap allocations: {per_packet:.2f} a packet in steady state "
              f"({per_flow:.0f} a flow opened), {in_stream:.4f} a packet of one long upload")
    ref = statistics.median(r["gbit_per_s"] for r in references)
    new_payload = samples["new"][0][0]["tcp"]["bytes_delivered"] * 8 / statistics.median(
        s["elapsed_seconds"] for s, _, _ in samples["new"]) / 1e9
    print(f"reference pass (Hyperscan alone, reference.hsre, {references[0]['streams']} streams): {ref:.3f} Gbit/s "
          f"of TCP payload (median of {runs})")
    print(f"new / baseline {commit}: {rates['new'] / rates[f'baseline {commit}']:.2f}x; "
          f"new / reference (TCP payload): {new_payload / ref * 100:.1f}%")


if __name__ == "__main__":
    main()
