#!/usr/bin/env python3
"""The TLS analyzer on traffic it cannot decrypt: one worker, full set,
replaying a real TLS 1.3 (AES-128-GCM, HTTP/1.1) upload of MB megabytes
from curl to Debian's nginx, captured once into build/ by the TLS test's
namespaces (root). Against the same capture with application decoding off,
where the ciphertext goes through the raw scan as any unknown bytes would.
Medians of RUNS, interleaved.
usage: tools/bench/tls_cost.py [MB [RUNS]]   (default 200 MB, 5 runs; needs build/ and root)
"""
import os
import shutil
import sys
import tempfile

from signature_benchmark import ROOT, compare

sys.path.insert(0, str(ROOT / "tests/tls"))
import nginx_tls_test as tls  # noqa: E402


def capture(mb):
    pcap = ROOT / f"build/tls-upload-{mb}mb.pcap"
    if pcap.exists():
        return pcap
    with tempfile.TemporaryDirectory() as home, tls.NamespacePair("dlp-tlb", tls.SERVER, tls.WORKSTATION) as ns, \
            tls.nginx(ns, home):
        with tls.captured(ns, f"{home}/upload.pcap"):
            tls.upload(ns, home, "bench", ["--tlsv1.3", "--http1.1", "--tls13-ciphers", "TLS_AES_128_GCM_SHA256"],
                       os.urandom(mb * 1_000_000))
        shutil.copy(f"{home}/upload.pcap", pcap)
    return pcap


def main():
    mb = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    pcap = capture(mb)
    signatures = ROOT / "signatures"
    one = ["--workers", "1"]
    results = compare(pcap, (("tls analyzer", signatures, one), ("raw scan", signatures, one + ["--no-app-decoding"])),
                      runs)
    print(f"tls analyzer / raw scan of the ciphertext: {results['tls analyzer'] / results['raw scan']:.2f}x")


if __name__ == "__main__":
    main()
