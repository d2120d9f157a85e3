#!/usr/bin/env python3
"""Turns pcap files into seeds for fuzz-worker (Ethernet frames only).
usage: pcap_to_seed.py OUTDIR PCAP..."""
import os
import struct
import sys


def frames(path):
    data = open(path, "rb").read()
    if len(data) < 24:
        return
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    if struct.unpack(endian + "I", data[20:24])[0] != 1:
        return
    pos = 24
    while pos + 16 <= len(data):
        caplen = struct.unpack(endian + "I", data[pos + 8:pos + 12])[0]
        yield data[pos + 16:pos + 16 + caplen]
        pos += 16 + caplen


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for path in sys.argv[2:]:
        seed = b"".join(b"\x00" + struct.pack(">H", min(len(f), 65535)) + f[:65535] for f in frames(path))
        if seed:
            with open(os.path.join(out, os.path.basename(path) + ".seed"), "wb") as f:
                f.write(seed)


if __name__ == "__main__":
    main()
