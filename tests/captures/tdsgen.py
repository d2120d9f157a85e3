#!/usr/bin/env python3
"""SQL Server sessions (TDS 7.4) written from the MS-TDS specification,
since Debian has no SQL Server: a workstation (10.1.1.20) logs in to a
hospital's database server (10.9.0.7:1433), runs a SQL batch and an RPC
(sp_executesql), and gets result sets of patients (COLMETADATA, then ROW
and NBCROW tokens) with NVARCHAR, NCHAR, VARCHAR, INT, DECIMAL, DATETIME
and an NVARCHAR(MAX) column sent in PLP chunks, in messages over many
4,096-byte packets. A second session negotiates encryption in PRELOGIN:
everything after it is TLS. `patients()` is what the rows hold, for the
tests that check the captures against tshark and the sensor.
usage: tdsgen.py OUT_DIR
"""
import random
import struct
import sys
from pathlib import Path

import pcapgen

CLIENT, SERVER = ("10.1.1.20", 52000), ("10.9.0.7", 1433)
PACKET = 4096
BATCH = "SELECT id, 姓名, 身份证号, 手机号, 病历, balance, admitted FROM dbo.patients"
RPC = "SELECT id, 姓名, 身份证号, 手机号, 病历, balance, admitted FROM dbo.patients WHERE ward = @ward"
COLUMNS = ["id", "姓名", "身份证号", "手机号", "病历", "balance", "admitted"]


def patients(n=300, seed=61):
    """(id, name, resident ID, mobile, note or None, balance in cents, admitted days since 1900)."""
    people, rng = pcapgen.People(seed), random.Random(seed)
    out = []
    for i in range(1, n + 1):
        name = pcapgen.SURNAMES[i % len(pcapgen.SURNAMES)] + pcapgen.GIVEN_NAMES[i // 20 % len(pcapgen.GIVEN_NAMES)]
        note = None if i % 3 == 0 else f"第{i}号病人，{'术后观察。' * rng.randint(1, 400)}"
        out.append((i, name, people.resident_id(), people.mobile(), note, rng.randint(0, 10**9), 45000 + i))
    return out


def u16(text):
    return text.encode("utf-16-le")


def b_varchar(text):
    return bytes([len(text)]) + u16(text)


def packets(kind, payload, size=PACKET):
    """A message cut into TDS packets: type, status (EOM on the last), length, channel, number, window."""
    out, body = [], size - 8
    for i in range(0, max(len(payload), 1), body):
        piece = payload[i:i + body]
        last = i + body >= len(payload)
        out.append(struct.pack(">BBHHBB", kind, 1 if last else 0, len(piece) + 8, 0, len(out) + 1 & 0xFF, 0) + piece)
    return b"".join(out)


def prelogin(encryption):
    """VERSION, ENCRYPTION, INSTOPT, THREADID and MARS options, then the terminator."""
    values = [(0, b"\x10\x00\x07\xd0\x00\x00"), (1, bytes([encryption])), (2, b"\x00"), (3, b"\x00\x00\x10\x00"),
              (4, b"\x00")]
    offset = 5 * len(values) + 1
    table, data = b"", b""
    for token, value in values:
        table += struct.pack(">BHH", token, offset + len(data), len(value))
        data += value
    return packets(0x12, table + b"\xff" + data)


def login7(user, password, app, server, database, host="WS-20"):
    fields = [host, user, password, app, server, "", "ODBC", "", database]
    fixed = struct.pack("<IIIIIIBBBBiI", 0, 0x74000004, PACKET, 0x07000000, 4242, 0, 0xE0, 0x03, 0, 0, -480, 0x0804)
    offset, data, table = 94, b"", b""
    for i, text in enumerate(fields):
        raw = u16(text)
        if i == 2:  # the password, scrambled as 2.2.6.4 says: nibbles swapped, then XOR 0xA5
            raw = bytes((((b << 4) | (b >> 4)) & 0xFF) ^ 0xA5 for b in raw)
        table += struct.pack("<HH", offset + len(data), len(text))
        data += raw
    table += b"\x00" * 6 + struct.pack("<HHHHHHI", offset + len(data), 0, offset + len(data), 0, offset + len(data),
                                       0, 0)
    body = fixed + table + data
    return packets(0x10, struct.pack("<I", len(body)) + body[4:])


ALL_HEADERS = struct.pack("<IIHQI", 22, 18, 2, 0, 1)  # a transaction descriptor header
COLLATION = b"\x04\xd0\x00\x34\x00"  # Chinese_PRC_CI_AS, code page 936


def colmetadata():
    def column(type_info, name):
        return struct.pack("<IH", 0, 0x09) + type_info + b_varchar(name)
    return b"\x81" + struct.pack("<H", 7) + b"".join([
        column(b"\x38", "id"),                                           # INT
        column(b"\xe7" + struct.pack("<H", 64) + COLLATION, "姓名"),      # NVARCHAR(32)
        column(b"\xef" + struct.pack("<H", 36) + COLLATION, "身份证号"),   # NCHAR(18)
        column(b"\xa7" + struct.pack("<H", 11) + COLLATION, "手机号"),     # VARCHAR(11)
        column(b"\xe7\xff\xff" + COLLATION, "病历"),                      # NVARCHAR(MAX): PLP
        column(b"\x6a\x09\x0c\x02", "balance"),                          # DECIMAL(12, 2)
        column(b"\x3d", "admitted"),                                     # DATETIME
    ])


def plp(text):
    """A PLP value: the total length, chunks of up to 1,000 bytes, an empty chunk."""
    raw = u16(text)
    chunks = b"".join(struct.pack("<I", len(raw[i:i + 1000])) + raw[i:i + 1000] for i in range(0, len(raw), 1000))
    return struct.pack("<Q", len(raw)) + chunks + struct.pack("<I", 0)


def row(p, nbc):
    pid, name, rid, mobile, note, cents, days = p
    values = [struct.pack("<i", pid), struct.pack("<H", len(u16(name))) + u16(name),
              struct.pack("<H", 36) + u16(rid), struct.pack("<H", len(mobile)) + mobile.encode(),
              None if note is None else plp(note), b"\x09\x01" + struct.pack("<Q", cents),
              struct.pack("<iI", days, 300 * 3600 * 9)]  # 09:00
    if not nbc:
        values[4] = values[4] if values[4] is not None else struct.pack("<Q", 0xFFFFFFFFFFFFFFFF)
        return b"\xd1" + b"".join(values)
    bitmap = sum(1 << i for i, v in enumerate(values) if v is None).to_bytes(1, "little")
    return b"\xd2" + bitmap + b"".join(v for v in values if v is not None)


def done(rows):
    return b"\xfd" + struct.pack("<HHQ", 0x10, 0xC1, rows)


def result(rows):
    """COLMETADATA, the rows (those without a note as NBCROW), DONE."""
    return colmetadata() + b"".join(row(p, p[4] is None) for p in rows) + done(len(rows))


def login_ack(database):
    env = b"\x01" + b_varchar(database) + b_varchar("master")
    ack = b"\x01" + struct.pack(">I", 0x74000004) + b_varchar("Microsoft SQL Server") + b"\x10\x00\x07\xd0"
    return (b"\xe3" + struct.pack("<H", len(env)) + env + b"\xad" + struct.pack("<H", len(ack)) + ack +
            b"\xfd" + struct.pack("<HHQ", 0, 0, 0))


def rpc(statement, ward):
    params = b"".join([
        b_varchar("") + b"\x00" + b"\xe7\xff\xff" + COLLATION + plp(statement),
        b_varchar("") + b"\x00" + b"\xe7" + struct.pack("<H", 8000) + COLLATION +
        struct.pack("<H", len(u16("@ward int"))) + u16("@ward int"),
        b_varchar("@ward") + b"\x00" + b"\x26\x04" + b"\x04" + struct.pack("<i", ward),
    ])
    return packets(0x03, ALL_HEADERS + struct.pack("<HHH", 0xFFFF, 10, 0) + params)


def write_session(path):
    rows = patients()
    p = pcapgen.Pcap(path)
    c = pcapgen.Connection(p, CLIENT, SERVER, t0=1714528800.0)  # 2024-05-01 10:00 +08:00
    c.handshake()
    c.send(0, prelogin(2))  # encryption not supported
    c.send(1, packets(0x04, prelogin(2)[8:]))
    c.send(0, login7("his_reader", "Pa55word", "HIS Reports", "his-db", "HIS"))
    c.send(1, packets(0x04, login_ack("HIS")))
    c.send(0, packets(0x01, ALL_HEADERS + u16(BATCH)))
    c.send(1, packets(0x04, result(rows[:200])))
    c.send(0, rpc(RPC, 7))
    c.send(1, packets(0x04, result(rows[200:])))
    c.close()
    p.close()


def write_encrypted(path):
    """PRELOGIN asks for encryption and gets it: the TLS handshake in PRELOGIN
    packets, then TLS records (bytes the sensor cannot read)."""
    rng = random.Random(3)
    noise = bytes(rng.getrandbits(8) for _ in range(6000))
    p = pcapgen.Pcap(path)
    c = pcapgen.Connection(p, (CLIENT[0], 52001), SERVER, t0=1714528900.0)
    c.handshake()
    c.send(0, prelogin(1))
    c.send(1, packets(0x04, prelogin(1)[8:]))
    c.send(0, packets(0x12, b"\x16\x03\x01\x00\x40" + noise[:64]))
    c.send(1, packets(0x12, b"\x16\x03\x03\x00\x80" + noise[64:192]))
    for i in range(4):
        c.send(i % 2, b"\x17\x03\x03" + struct.pack(">H", 1000) + noise[1000 + i * 1000:2000 + i * 1000])
    c.close()
    p.close()


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    write_session(out / "tds_session.pcap")
    write_encrypted(out / "tds_encrypted.pcap")


if __name__ == "__main__":
    main()
