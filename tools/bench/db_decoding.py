#!/usr/bin/env python3
"""Result-set decoding: MB/s of MySQL and of TDS result bytes (the server's
TCP payload) through one worker, full signature set, the server named by
--server-net, with the analyzers on and, for comparison, with application
decoding off (the raw scan only). Each capture is one session whose answer
is a result set of ROWS customers (id, name, resident ID, mobile, bank
card, address, a 100-character note), written once into build/. Medians of
RUNS, interleaved.
usage: tools/bench/db_decoding.py [ROWS [RUNS]]   (default 200,000 rows, 5 runs; needs build/)
"""
import statistics
import struct
import sys

from signature_benchmark import ROOT, replay

sys.path.insert(0, str(ROOT / "tests/captures"))
import pcapgen  # noqa: E402
import tdsgen  # noqa: E402

CLIENT, SERVER = ("10.1.1.20", 51000), ("10.9.0.5", 3306)


def customers(n):
    people = pcapgen.People(11)
    for i in range(1, n + 1):
        name = pcapgen.SURNAMES[i % 20] + pcapgen.GIVEN_NAMES[i // 20 % len(pcapgen.GIVEN_NAMES)]
        yield (i, name, people.resident_id(), people.mobile(), people.card(), f"北京市朝阳区建国路{i}号",
               "复诊，血压正常，建议三个月后复查。" * 6)


def mysql_packet(seq, payload):
    return struct.pack("<I", len(payload))[:3] + bytes([seq & 0xFF]) + payload


def lenenc(b):
    return bytes([len(b)]) if len(b) < 251 else b"\xfc" + struct.pack("<H", len(b))


def mysql_session(path, rows):
    """A login, a query and its text result set."""
    caps = 0x8 | 0x200 | 0x8000 | 0x80000 | 0x1
    login = struct.pack("<IIB", caps, 1 << 24, 45) + bytes(23) + b"clerk\0\x04abcdcrm\0"
    columns = ["id", "name", "sfzh", "mobile", "card_no", "address", "note"]
    out = [mysql_packet(1, bytes([len(columns)]))]
    for c in columns:
        out.append(mysql_packet(len(out) + 1, b"".join(lenenc(x) + x for x in (b"def", b"crm", b"c", b"c", c.encode(),
                                                                                 c.encode()))
                                + b"\x0c" + struct.pack("<HIBHB", 33, 255, 253, 0, 0) + b"\0\0"))
    out.append(mysql_packet(len(out) + 1, b"\xfe\0\0\x02\0"))
    for r in rows:
        out.append(mysql_packet(len(out) + 1, b"".join(lenenc(v) + v for v in (str(x).encode() for x in r))))
    out.append(mysql_packet(len(out) + 1, b"\xfe\0\0\x02\0"))
    out = b"".join(out)
    write(path, [mysql_packet(1, login)], [mysql_packet(2, b"\0\0\0\x02\0\0\0")],
          [mysql_packet(0, b"\x03SELECT * FROM customers")], out)


def tds_session(path, rows):
    """PRELOGIN, LOGIN7, a batch and its token stream, in 4 KiB TDS packets."""
    patients = [(i, n, rid, m, note, i * 100, 45000 + i) for i, n, rid, m, _, _, note in rows]
    answer = tdsgen.packets(0x04, tdsgen.result(patients))
    write(path, [tdsgen.prelogin(2), tdsgen.login7("clerk", "x", "bench", "db", "crm")],
          [tdsgen.packets(0x04, tdsgen.prelogin(2)[8:]), tdsgen.packets(0x04, tdsgen.login_ack("crm"))],
          [tdsgen.packets(0x01, tdsgen.ALL_HEADERS + tdsgen.u16(tdsgen.BATCH))], answer)


def write(path, client_login, server_login, query, answer):
    p = pcapgen.Pcap(path)
    c = pcapgen.Connection(p, CLIENT, SERVER)
    c.handshake()
    for mine, theirs in zip(client_login, server_login):
        c.send(0, mine)
        c.send(1, theirs)
    c.send(0, query[0])
    c.send(1, answer, sizes=[16384 - 40])  # TSO-sized segments, as a capture on the server's host shows
    c.close()
    p.close()


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    captures = {}
    for name, writer in (("mysql", mysql_session), ("tds", tds_session)):
        captures[name] = ROOT / f"build/db-{name}-{rows}.pcap"
        if not captures[name].exists():
            writer(captures[name], customers(rows))
    samples = {(name, mode): [] for name in captures for mode in ("analyzer", "raw only")}
    for _ in range(runs):
        for (name, mode), got in samples.items():
            extra = ["--server-net", "10.9.0.0/24"] + (["--no-app-decoding"] if mode == "raw only" else [])
            got.append(replay(captures[name], ROOT / "signatures", extra)[0])
    for name in captures:
        stats = samples[(name, "analyzer")][0]
        result_bytes = stats["tcp"]["bytes_delivered"]  # nearly all the server's answer
        for mode in ("analyzer", "raw only"):
            secs = statistics.median(s["elapsed_seconds"] for s in samples[(name, mode)])
            print(f"{name}, {mode}: {rows:,} rows, {result_bytes / 1e6:.1f} MB, {secs:.3f} s median of {runs}, "
                  f"{result_bytes / secs / 1e6:.0f} MB/s" +
                  (f", {stats[name]['rows']:,} rows decoded, {stats['alerts']} alerts" if mode == "analyzer" else ""))


if __name__ == "__main__":
    main()
