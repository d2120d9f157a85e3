#!/usr/bin/env python3
"""TLS through one worker, full set: a real TLS 1.3 (AES-128-GCM, HTTP/1.1)
upload of MB megabytes from curl to Debian's nginx, captured once into
build/ with curl's key log by the TLS test's namespaces (root). Replayed
without the key (the TLS analyzer: ciphertext counted, not scanned), with
application decoding off (the ciphertext scanned as any unknown bytes
would be), and with the key log (deciphered, then scanned and decoded as
cleartext is). Medians of RUNS, interleaved.
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
    pcap, keys = ROOT / f"build/tls-upload-{mb}mb.pcap", ROOT / f"build/tls-upload-{mb}mb.keys"
    if pcap.exists() and keys.exists():
        return pcap, keys
    with tempfile.TemporaryDirectory() as home, tls.NamespacePair("dlp-tlb", tls.SERVER, tls.WORKSTATION) as ns, \
            tls.nginx(ns, home):
        with tls.captured(ns, f"{home}/upload.pcap"):
            tls.upload(ns, home, "bench", ["--tlsv1.3", "--http1.1", "--tls13-ciphers", "TLS_AES_128_GCM_SHA256"],
                       os.urandom(mb * 1_000_000))
        shutil.copy(f"{home}/upload.pcap", pcap)
        shutil.copy(f"{home}/keys.log", keys)
    return pcap, keys


def main():
    mb = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    pcap, keys = capture(mb)
    signatures = ROOT / "signatures"
    one = ["--workers", "1"]
    results = compare(pcap, (("tls analyzer", signatures, one), ("raw scan", signatures, one + ["--no-app-decoding"]),
                             ("deciphered", signatures, one + ["--tls-keylog", str(keys)])), runs)
    print(f"tls analyzer / raw scan of the ciphertext: {results['tls analyzer'] / results['raw scan']:.2f}x")


if __name__ == "__main__":
    main()
