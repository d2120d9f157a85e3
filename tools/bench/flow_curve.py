#!/usr/bin/env python3
"""Cost as open flows grow: the same FLOWS connections and bytes, written
with 1k, 10k, 100k and 1M of them open at once (handshakes of a batch,
then each flow's request with its FIN, then the servers' FINs, batch after
batch), replayed by one worker, full set, memcaps raised to hold them.
Reports throughput (packets/s and Gbit/s of TCP payload) and peak RSS at
each point, bytes of memory per open flow with data in flight (peak RSS
less the 1k point's, over the open flows), and the largest point's
throughput over the smallest's (target: at least 50%); each twice, with
the C library's heap on 4 KiB pages (the default) and on transparent huge
pages (GLIBC_TUNABLES=glibc.malloc.hugetlb=1, as the systemd unit sets it):
a million flows' state is gigabytes of fresh memory, whose page faults
and page clearing cost more than their packets.
usage: tools/bench/flow_curve.py [FLOWS [RUNS]]   (default 1,000,000 flows, 3 runs; needs build/)
"""
import json
import random
import statistics
import struct
import subprocess
import sys
import tempfile

from signature_benchmark import ROOT

ETHERNET = b"\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\x08\x00"
SYN, FIN, PSH, ACK = 0x02, 0x01, 0x08, 0x10


def requests(seed=7, count=64):
    """Short HTTP requests as browsers send them, some with Chinese in the
    query (UTF-8 %-encoded) and ids, none with personal data."""
    rng = random.Random(seed)
    words = ["订单", "物流", "会员", "优惠", "客服", "发票"]
    out = []
    for i in range(count):
        query = "".join(f"%{b:02X}" for b in rng.choice(words).encode())
        out.append((f"GET /api/v1/search?q={query}&page={rng.randint(1, 99)}&ts={rng.randint(10**12, 2 * 10**12)} "
                    f"HTTP/1.1\r\nHost: shop{i % 8}.example.cn\r\nUser-Agent: Mozilla/5.0\r\nAccept: */*\r\n"
                    f"Cookie: sid={rng.getrandbits(64):016x}\r\n\r\n").encode())
    return out


def write(path, flows, open_at_once):
    """Five packets a flow: SYN, SYN-ACK, ACK, request with FIN, FIN-ACK.
    Frames are built from a template (the sensor does not verify checksums)."""
    bodies = requests()
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        t = [1_700_000_000_000_000]

        def frame(n, to_server, flags, seq, ack, payload=b""):
            client = struct.pack("!BBBB", 10, (n >> 16) & 0xFF, (n >> 8) & 0xFF, n & 0xFF)
            server = bytes((198, 51, 100, n % 200 + 1))
            cport, sport = 1024 + n % 50000, 80
            src, dst = (client, server) if to_server else (server, client)
            ports = (cport, sport) if to_server else (sport, cport)
            tcp = struct.pack("!HHIIBBHHH", ports[0], ports[1], seq, ack, 5 << 4, flags, 65535, 0, 0)
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40 + len(payload), 1, 0, 64, 6, 0, src, dst)
            data = ETHERNET + ip + tcp + payload
            t[0] += 2
            f.write(struct.pack("<IIII", t[0] // 1_000_000, t[0] % 1_000_000, len(data), len(data)) + data)

        for first in range(0, flows, open_at_once):
            batch = range(first, min(flows, first + open_at_once))
            for n in batch:
                frame(n, True, SYN, 1000, 0)
            for n in batch:
                frame(n, False, SYN | ACK, 5000, 1001)
            for n in batch:
                frame(n, True, ACK, 1001, 5001)
            for n in batch:
                body = bodies[n % len(bodies)]
                frame(n, True, PSH | ACK | FIN, 1001, 5001, body)
            for n in batch:
                body = bodies[n % len(bodies)]
                frame(n, False, FIN | ACK, 5001, 1002 + len(body))


HUGE_PAGES = "glibc.malloc.hugetlb=1"


def replay(pcap, tunables):
    with tempfile.NamedTemporaryFile() as rss:
        run = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss.name, "env", f"GLIBC_TUNABLES={tunables}",
                              str(ROOT / "build/dlp-sensor"), "--read", str(pcap), "--workers", "1", "--flow-memcap",
                              "20000", "--alert-output", "/dev/null"], capture_output=True, text=True, check=True)
        return json.loads(run.stderr.strip().splitlines()[-1]), int(open(rss.name).read().split()[-1])


def main():
    flows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    points = [n for n in (1_000, 10_000, 100_000, 1_000_000) if n <= flows]
    pcaps = {}
    for n in points:
        pcaps[n] = ROOT / f"build/flows-{flows}-open-{n}.pcap"
        if not pcaps[n].exists():
            write(pcaps[n], flows, n)
    samples = {(n, t): [] for n in points for t in ("", HUGE_PAGES)}
    for _ in range(runs):
        for key in samples:
            samples[key].append(replay(pcaps[key[0]], key[1]))
    for tunables, heap in (("", "4 KiB pages"), (HUGE_PAGES, "huge pages")):
        report({n: samples[(n, tunables)] for n in points}, heap, runs)


def report(samples, heap, runs):
    rates, rss_of = {}, {}
    for n, runs_of_n in samples.items():
        stats = runs_of_n[0][0]
        secs = statistics.median(s["elapsed_seconds"] for s, _ in runs_of_n)
        rss_of[n] = statistics.median(r for _, r in runs_of_n) * 1024
        rates[n] = stats["packets"] / secs
        print(f"{heap}, {n:>9,} open at once: {rates[n] / 1e3:.0f} kpackets/s, "
              f"{stats['tcp']['bytes_delivered'] * 8 / secs / 1e9:.3f} Gbit/s of payload, peak flows "
              f"{stats['flows']['peak']:,}, evicted {stats['flows']['evicted']}, peak RSS {rss_of[n] / 2**20:.0f} MiB, "
              f"{secs:.2f} s (median of {runs})")
    low, high = min(samples), max(samples)
    per_flow = (rss_of[high] - rss_of[low]) / max(1, high - low)
    print(f"{heap}: memory per open flow with data in flight: {per_flow:.0f} bytes; "
          f"{high:,} open / {low:,} open: {rates[high] / rates[low] * 100:.0f}% of the throughput (target 50%)")


if __name__ == "__main__":
    main()
