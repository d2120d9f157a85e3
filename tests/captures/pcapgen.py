#!/usr/bin/env python3
"""Writes the deterministic test captures of dlp-sensor.

Every scenario is a small, reproducible pcap carrying synthetic personal
data (valid check digits, allocated number ranges) and look-alike decoys.
None of the values belongs to a real person: they are drawn from a seeded
generator. usage: pcapgen.py OUTDIR | pcapgen.py FILE --bench-mb N [--alert-per-flow]
| pcapgen.py FILE --alert-flows N | pcapgen.py FILE --flood SYN_FLOWS HALF_OPEN
"""
import base64
import contextlib
import gzip
import io
import json
import quopri
import random
import struct
import sys
import zipfile
from pathlib import Path

LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_RAW, LINKTYPE_NULL = 1, 113, 101, 0
FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10

# ---------------------------------------------------------------- values

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
REGIONS = ["110105", "310104", "440305", "320102", "510107", "420106", "330106", "370202"]


def id_check(first17):
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS)) % 11]


def luhn_complete(prefix):
    for d in "0123456789":
        digits = prefix + d
        total = 0
        for i, c in enumerate(reversed(digits)):
            n = int(c)
            if i % 2 == 1:
                n = n * 2 - 9 if n * 2 > 9 else n * 2
            total += n
        if total % 10 == 0:
            return digits
    raise AssertionError


class People:
    """Synthetic identities: the same seed always gives the same people."""

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def resident_id(self):
        r = self.rng
        body = (r.choice(REGIONS) + f"{r.randint(1950, 2005)}{r.randint(1, 12):02}{r.randint(1, 28):02}"
                + f"{r.randint(1, 999):03}")
        return body + id_check(body)

    def mobile(self):
        return self.rng.choice(["138", "139", "150", "186", "177", "199", "166"]) + \
            "".join(self.rng.choice("0123456789") for _ in range(8))

    def card(self):
        length = self.rng.choice([16, 19])
        prefix = self.rng.choice(["6222", "6228", "6217", "6013"])
        prefix += "".join(self.rng.choice("0123456789") for _ in range(length - 5))
        return luhn_complete(prefix)

    def email(self):
        name = "".join(self.rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(7))
        return f"{name}{self.rng.randint(1, 999)}@{self.rng.choice(['qq.com', '163.com', 'example.cn'])}"

    def decoys(self):
        """Numbers that look like personal data and must not alert."""
        r = self.rng
        ms_timestamp = str(r.randint(1_600_000_000_000, 1_700_000_000_000))  # 13 digits
        order_id = "2024" + "".join(r.choice("0123456789") for _ in range(14))  # 18-digit order number
        snowflake = luhn_complete("6" + "".join(r.choice("0123456789") for _ in range(17)))
        snowflake = snowflake[:-1] + str((int(snowflake[-1]) + 1) % 10)  # 19 digits, Luhn fails
        body = r.choice(REGIONS) + "19900230" + "123"  # 30 February
        bad_date = body + id_check(body)
        good = self.resident_id()
        wrong_check = good[:17] + ("0" if good[17] != "0" else "1")
        unallocated_mobile = "154" + "".join(r.choice("0123456789") for _ in range(8))
        bad_card = self.card()
        bad_card = bad_card[:-1] + str((int(bad_card[-1]) + 1) % 10)
        return [ms_timestamp, order_id, snowflake, bad_date, wrong_check, unallocated_mobile, bad_card,
                "version 1.2.3", "id=" + good + "7"]  # a valid ID inside a longer digit run


# The first rows are fixed so that tests can name the masked samples.
FIXED_ROWS = [
    ("11010519800101003" + id_check("11010519800101003"), "13812345678",
     luhn_complete("622202020011223344"), "zhangwei@example.cn"),
    ("31010419921212004" + id_check("31010419921212004"), "15900001111",
     luhn_complete("622848040256489001"), "lina88@qq.com"),
    ("44030520000101001" + id_check("44030520000101001"), "18688889999",
     luhn_complete("621700001000100000"), "wangfang@163.com"),
]


def records(n, seed=7):
    """n CSV lines of name, resident ID, mobile, bank card, email."""
    people = People(seed)
    rows = []
    for i in range(n):
        if i < len(FIXED_ROWS):
            rid, mob, card, mail = FIXED_ROWS[i]
        else:
            rid, mob, card, mail = people.resident_id(), people.mobile(), people.card(), people.email()
        rows.append(f"customer{i},{rid},{mob},{card},{mail}\r\n")
    return "name,id_card,mobile,bank_card,email\r\n" + "".join(rows)


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN_NAMES = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
               "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强", "晓东", "海燕", "小红", "春梅", "国庆", "文博"]


def patient_records(n, seed=31):
    """A hospital's patient export, as its system writes it: GBK CSV with a
    header; every row a distinct patient (name, ID, mobile, address, medical
    record number), so a row is a tier B record (health information)."""
    people = People(seed)
    rows = ["姓名,身份证号,手机号,住址,病案号\r\n"]
    for i in range(n):
        name = SURNAMES[i % len(SURNAMES)] + GIVEN_NAMES[i // len(SURNAMES) % len(GIVEN_NAMES)]
        address = f"北京市朝阳区建国路{i + 1}号{i % 9 + 1}栋{i % 4 + 1}单元{100 + i % 30}室"
        rows.append(f"{name},{people.resident_id()},{people.mobile()},{address},ZY2023{i:05d}\r\n")
    return "".join(rows).encode("gbk")


def deidentified_text(seed=17):
    """A list that is mostly de-identified or made of well-known example
    values: 60 bank cards (tier A: 1.2 times the serious threshold), 10
    mobile numbers, 30 masked mobiles, 5 masked IDs, 2 masked cards, and the
    example values of GB 11643 and a test card, which are not leaks."""
    people = People(seed)
    lines = [f"card {people.card()}" for _ in range(60)]
    lines += [f"mobile {people.mobile()}" for _ in range(10)]
    lines += [f"masked mobile {m[:3]}****{m[7:]}" for m in (people.mobile() for _ in range(30))]
    lines += [f"masked id {i[:6]}********{i[14:]}" for i in (people.resident_id() for _ in range(5))]
    lines += ["masked card 6222 **** **** 1234", "masked card 622848******0017"]
    lines += ["sample 11010519491231002X", "sample 440524188001010014", "sample 13800138000",
              "sample 6225881414207430", "not masked 138*****5678 1138****5678 138****56789"]
    return "".join(line + "\r\n" for line in lines)


def decoy_text(n, seed=11):
    people = People(seed)
    return "".join(f"order {' '.join(people.decoys())}\r\n" for _ in range(n))


# ---------------------------------------------------------------- packets

def ip_bytes(addr):
    if ":" in addr:
        import ipaddress
        return ipaddress.IPv6Address(addr).packed
    return bytes(int(x) for x in addr.split("."))


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def tcp_header(src, dst, sport, dport, seq, ack, flags, payload, options=b""):
    offset = (20 + len(options)) // 4
    hdr = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, offset << 4, flags,
                      65535, 0, 0) + options
    if ":" in src:
        pseudo = ip_bytes(src) + ip_bytes(dst) + struct.pack("!IxxxB", len(hdr) + len(payload), 6)
    else:
        pseudo = ip_bytes(src) + ip_bytes(dst) + struct.pack("!xBH", 6, len(hdr) + len(payload))
    csum = checksum(pseudo + hdr + payload)
    return hdr[:16] + struct.pack("!H", csum) + hdr[18:]


def ipv4_packet(src, dst, proto, payload, ident=1, frag_offset=0, more=False):
    flags = (0x2000 if more else 0) | (frag_offset // 8)
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, flags, 64, proto, 0,
                      ip_bytes(src), ip_bytes(dst))
    return hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:] + payload


def ipv6_packet(src, dst, proto, payload):
    return struct.pack("!IHBB16s16s", 6 << 28, len(payload), proto, 64, ip_bytes(src), ip_bytes(dst)) + payload


def ethernet(ip_packet, v6=False, vlans=()):
    frame = b"\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb"
    tpids = [0x88A8] * (len(vlans) - 1) + [0x8100] if vlans else []
    for tpid, vid in zip(tpids, vlans):
        frame += struct.pack("!HH", tpid, vid)
    return frame + struct.pack("!H", 0x86DD if v6 else 0x0800) + ip_packet


def packets_in(path):
    """The packet count of a capture this module wrote (little-endian pcap)."""
    with open(path, "rb") as f:
        f.read(24)
        n = 0
        while header := f.read(16):
            f.seek(struct.unpack("<IIII", header)[2], 1)
            n += 1
    return n


class Pcap:
    def __init__(self, path, linktype=LINKTYPE_ETHERNET):
        self.f = open(path, "wb")
        self.linktype = linktype
        self.frame_bytes = 0
        self.f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, linktype))

    def write(self, ts, frame):
        sec = int(ts)
        self.f.write(struct.pack("<IIII", sec, int(round((ts - sec) * 1e6)), len(frame), len(frame)))
        self.f.write(frame)
        self.frame_bytes += len(frame)

    def close(self):
        self.f.close()


class Connection:
    """One TCP connection; packets are framed and written as they are sent."""

    def __init__(self, pcap, client, server, t0=1_700_000_000.0, vlans=(), isn=(1000, 50000)):
        self.pcap, self.ends, self.t, self.vlans = pcap, (client, server), t0, vlans
        self.next_seq = [isn[0], isn[1]]
        self.v6 = ":" in client[0]

    def frame(self, d, seq, flags, payload=b"", ack=None):
        (sip, sport), (dip, dport) = self.ends[d], self.ends[1 - d]
        ack = self.next_seq[1 - d] if ack is None else ack
        seg = tcp_header(sip, dip, sport, dport, seq, ack, flags, payload) + payload
        pkt = ipv6_packet(sip, dip, 6, seg) if self.v6 else ipv4_packet(sip, dip, 6, seg)
        if self.pcap.linktype == LINKTYPE_ETHERNET:
            return ethernet(pkt, self.v6, self.vlans)
        if self.pcap.linktype == LINKTYPE_LINUX_SLL:
            return struct.pack("!HHH8sH", 0, 1, 6, b"\0" * 8, 0x86DD if self.v6 else 0x0800) + pkt
        if self.pcap.linktype == LINKTYPE_NULL:
            return struct.pack("<I", 30 if self.v6 else 2) + pkt
        return pkt

    def emit(self, frame):
        self.t += 0.001
        self.pcap.write(self.t, frame)

    def handshake(self):
        c, s = self.next_seq
        self.emit(self.frame(0, c, SYN, ack=0))
        self.emit(self.frame(1, s, SYN | ACK, ack=c + 1))
        self.next_seq = [c + 1, s + 1]
        self.emit(self.frame(0, c + 1, ACK))

    def segments(self, d, data, sizes=None):
        """Splits data into (seq, bytes) segments of the given sizes (cycled)."""
        sizes = sizes or [1460]
        out, pos, i = [], 0, 0
        while pos < len(data):
            n = sizes[i % len(sizes)]
            out.append((self.next_seq[d] + pos, data[pos:pos + n]))
            pos, i = pos + n, i + 1
        self.next_seq[d] += len(data)
        return out

    def send(self, d, data, sizes=None):
        for seq, chunk in self.segments(d, data, sizes):
            self.emit(self.frame(d, seq, PSH | ACK, chunk))

    def close(self):
        for d in (0, 1):
            self.emit(self.frame(d, self.next_seq[d], FIN | ACK))
            self.next_seq[d] += 1
        self.emit(self.frame(0, self.next_seq[0], ACK))


INSIDE, OUTSIDE = ("10.1.1.10", 50000), ("203.0.113.10", 80)


def http_upload(body, host="upload.example.net"):
    head = (f"POST /upload HTTP/1.1\r\nHost: {host}\r\nContent-Type: text/csv\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"


@contextlib.contextmanager
def connection(path, handshake=True, linktype=LINKTYPE_ETHERNET, client=INSIDE, server=OUTSIDE, vlans=()):
    """A capture file holding one connection, its handshake already sent."""
    p = Pcap(path, linktype)
    c = Connection(p, client, server, vlans=vlans)
    if handshake:
        c.handshake()
    yield c
    p.close()


def respond_and_close(c):
    c.send(1, RESPONSE)
    c.close()


def upload_pcap(path, body, sizes=None, **kw):
    with connection(path, **kw) as c:
        c.send(0, http_upload(body), sizes)
        respond_and_close(c)


# ---------------------------------------------------------------- scenarios

def scenario_reordered(path, body):
    """Reordered, retransmitted and overlapping segments; some overlaps carry
    different bytes, which the sensor must ignore (first data wins)."""
    with connection(path) as c:
        segs = c.segments(0, http_upload(body), [700, 300, 1000])
        order = list(range(len(segs)))
        for i in range(0, len(order) - 3, 4):  # swap neighbours in every block of four
            order[i], order[i + 2] = order[i + 2], order[i]
        for n, i in enumerate(order):
            seq, data = segs[i]
            c.emit(c.frame(0, seq, PSH | ACK, data))
            if n % 5 == 0:  # exact retransmission
                c.emit(c.frame(0, seq, PSH | ACK, data))
            if n % 7 == 3:  # a retransmission of the segment's last 10 bytes with different data
                c.emit(c.frame(0, seq + len(data) - 10, PSH | ACK, b"#" * 10))
            if n % 11 == 1 and i + 1 < len(segs):  # overlap spanning two segments, same data
                joined = data + segs[i + 1][1]
                c.emit(c.frame(0, seq + 10, PSH | ACK, joined[10:10 + 800]))
        respond_and_close(c)


def scenario_fragments(path, body):
    """The upload's segments are IPv4-fragmented; fragments arrive reversed."""
    with connection(path) as c:
        (sip, sport), (dip, dport) = c.ends
        for ident, (seq, chunk) in enumerate(c.segments(0, http_upload(body), [1400]), start=100):
            seg = tcp_header(sip, dip, sport, dport, seq, c.next_seq[1], PSH | ACK, chunk) + chunk
            pieces = [(off, seg[off:off + 480]) for off in range(0, len(seg), 480)]
            for off, piece in reversed(pieces):
                more = off + len(piece) < len(seg)
                c.emit(ethernet(ipv4_packet(sip, dip, 6, piece, ident, off, more)))
        respond_and_close(c)


def scenario_midstream(path, body):
    """The capture starts in the middle of the upload: no handshake, and the
    first bytes seen are part-way through the request body."""
    with connection(path, handshake=False) as c:
        for seq, data in c.segments(0, http_upload(body), [1000])[1:]:
            c.emit(c.frame(0, seq, PSH | ACK, data))
        respond_and_close(c)


def scenario_rst(path, body):
    """The upload is cut by a RST; what was sent before it must be reported."""
    with connection(path) as c:
        c.send(0, http_upload(body))
        c.emit(c.frame(0, c.next_seq[0], RST | ACK))


def scenario_one_sided(path, body):
    """A mirror port that sees only the client's packets: SYN, data, FIN."""
    with connection(path, handshake=False) as c:
        c.emit(c.frame(0, c.next_seq[0], SYN, ack=0))
        c.next_seq[0] += 1
        for seq, data in c.segments(0, http_upload(body)):
            c.emit(c.frame(0, seq, PSH | ACK, data))
        c.emit(c.frame(0, c.next_seq[0], FIN | ACK))


def scenario_download(path, body):
    """An inside client downloads the records from outside: inbound, no alert."""
    with connection(path) as c:
        c.send(0, b"GET /export.csv HTTP/1.1\r\nHost: files.example.net\r\n\r\n")
        c.send(1, b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
        c.close()


def scenario_long_upload(path):
    """One connection open for 10 minutes that sends bank cards in stages:
    10 at once, 10 more at 4 min (warning, the flow is old enough to report),
    40 at 6 min (60 in all: critical), 500 at 8 min (560: severe); it ends
    at 10 min."""
    people = People(23)
    with connection(path) as c:
        start = c.t
        for at, cards in ((0, 10), (240, 10), (360, 40), (480, 500)):
            c.t = start + at
            c.send(0, "".join(f"card {people.card()}\r\n" for _ in range(cards)).encode())
        c.t = start + 600
        respond_and_close(c)


def scenario_gzip_chunked_json(path):
    """A customer list as a gzip'd JSON POST in chunked transfer coding (what
    web apps send): 200 objects of name, ID and mobile, invisible to a scan
    of the raw bytes."""
    people = People(41)
    rows = [{"name": SURNAMES[i % len(SURNAMES)] + GIVEN_NAMES[i // len(SURNAMES) % len(GIVEN_NAMES)],
             "idCard": people.resident_id(), "mobile": people.mobile()} for i in range(200)]
    body = gzip.compress(json.dumps({"customers": rows}, ensure_ascii=False).encode(), mtime=0)
    with connection(path) as c:
        c.send(0, b"POST /api/customers/import HTTP/1.1\r\nHost: crm.example.net\r\nContent-Type: application/json"
               b"\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(body, 1000))
        respond_and_close(c)


def chunked(body, size):
    """`body` in chunked transfer coding, in chunks of `size` bytes."""
    return b"".join(b"%x\r\n" % len(body[i:i + size]) + body[i:i + size] + b"\r\n"
                    for i in range(0, len(body), size)) + b"0\r\n\r\n"


def scenario_chunked_csv(path):
    """The 200-row customer CSV POSTed in chunked transfer coding, in chunks
    of 997 bytes whose framing falls inside values."""
    with connection(path) as c:
        c.send(0, b"POST /crm/export HTTP/1.1\r\nHost: files.example.net\r\nContent-Type: text/csv\r\n"
               b"Transfer-Encoding: chunked\r\n\r\n" + chunked(records(200).encode(), 997))
        respond_and_close(c)


def scenario_chat(path):
    """One mobile number in a chat message: a fact of life, not a leak."""
    message = '{"to":"wxid_friend","msg":"我的手机号是13912345678，到了给我打电话"}'.encode()
    with connection(path) as c:
        c.send(0, b"POST /cgi-bin/sendmsg HTTP/1.1\r\nHost: chat.example.net\r\nContent-Type: application/json"
               b"\r\nContent-Length: %d\r\n\r\n" % len(message) + message)
        respond_and_close(c)


def scenario_host_three_flows(path):
    """One insider host sends a 600-patient export in three parts of 200,
    each to another server, ten minutes apart: no flow is critical alone."""
    body = patient_records(600).split(b"\r\n")
    header, rows = body[0] + b"\r\n", [r + b"\r\n" for r in body[1:] if r]
    p = Pcap(path)
    t = 1_700_000_000.0
    for part in range(3):
        server = (f"198.51.100.{10 + part}", 443)
        c = Connection(p, ("10.1.1.20", 40000 + part), server, t0=t + part * 600)
        c.handshake()
        c.send(0, http_upload(header + b"".join(rows[part * 200:(part + 1) * 200])))
        respond_and_close(c)
    p.close()


def customers(n, seed):
    """n people as (name, resident ID, mobile), names in Chinese."""
    people = People(seed)
    return [(SURNAMES[i % len(SURNAMES)] + GIVEN_NAMES[i // len(SURNAMES) % len(GIVEN_NAMES)],
             people.resident_id(), people.mobile()) for i in range(n)]


class _Unseekable(io.RawIOBase):
    """Makes zipfile write as to a socket: sizes after the data (data descriptors)."""

    def __init__(self):
        self.data = bytearray()

    def writable(self):
        return True

    def write(self, b):
        self.data += b
        return len(b)


def xlsx(rows):
    """A minimal, deterministic .xlsx: one sheet whose text cells are shared
    strings (as Excel writes them) and whose mobile numbers are numbers."""
    strings, index = [], {}

    def shared(text):
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    def esc(text):
        return text.replace("&", "&amp;").replace("<", "&lt;")

    sheet_rows = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = "ABCDEFGH"[c] + str(r)
            if value.isdigit() and len(value) == 11:
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="s"><v>{shared(value)}</v></c>')
        sheet_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                               'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships/>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns}><sheets><sheet name="客户" sheetId="1"/>'
                           '</sheets></workbook>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>'
                                    + "".join(sheet_rows) + "</sheetData></worksheet>",
        "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst {ns} count="{len(strings)}">'
                                + "".join(f"<si><t>{esc(t)}</t></si>" for t in strings) + "</sst>",
    }
    out = _Unseekable()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode())
    return bytes(out.data)


def multipart(parts, boundary="----WebKitFormBoundaryq7dLp9SeNs"):
    """A multipart/form-data body: parts are (field, filename or None, content type, bytes)."""
    body = b""
    for field, filename, ctype, data in parts:
        disposition = f'form-data; name="{field}"' + (f'; filename="{filename}"' if filename else "")
        body += (f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
                 + (f"Content-Type: {ctype}\r\n" if ctype else "") + "\r\n").encode() + data + b"\r\n"
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def multipart_post(uri, host, body, ctype):
    return (f"POST {uri} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {ctype}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


def scenario_multipart_csv(path):
    """A browser upload of a CSV customer list, with a form field before it;
    segments of 1000 bytes split the boundaries anywhere."""
    body, ctype = multipart([("note", None, None, "月度对账".encode()),
                             ("file", "customers.csv", "text/csv", records(200).encode())])
    with connection(path) as c:
        c.send(0, multipart_post("/portal/import", "files.example.net", body, ctype), sizes=[1000])
        respond_and_close(c)


def scenario_multipart_xlsx(path):
    """A 200-customer .xlsx uploaded through a web form (its name in UTF-8,
    as browsers send it)."""
    rows = [("姓名", "身份证号", "手机号")] + customers(200, seed=53)
    body, ctype = multipart([("file", "客户名单.xlsx",
                              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx(rows))])
    with connection(path) as c:
        c.send(0, multipart_post("/upload", "pan.example.net", body, ctype))
        respond_and_close(c)


def gbk_form_value(text):
    return "".join(f"%{b:02X}" for b in text.encode("gbk"))


def scenario_form_gbk(path):
    """A URL-encoded form posted by a GBK web page: keys and names are
    %-encoded GBK; 20 people in repeated fields."""
    pairs = []
    for name, rid, mobile in customers(20, seed=59):
        pairs += [f"{gbk_form_value('姓名')}={gbk_form_value(name)}", f"{gbk_form_value('身份证号')}={rid}",
                  f"{gbk_form_value('手机号')}={mobile}"]
    body = "&".join(pairs).encode()
    with connection(path) as c:
        c.send(0, (f"POST /member/save.asp HTTP/1.1\r\nHost: oa.example.net\r\nContent-Type: "
                   f"application/x-www-form-urlencoded; charset=GBK\r\nContent-Length: {len(body)}\r\n\r\n").encode()
               + body)
        respond_and_close(c)


def scenario_smtp_attachment(path):
    """A mail sent through an outside SMTP server: a quoted-printable body
    with one customer's mobile number, and a 200-customer CSV attached in
    base64 under a GBK-encoded (RFC 2047) name; two recipients."""
    people = People(61)
    mobile = people.mobile()
    text = f"王经理：\r\n客户张伟的手机号是{mobile}，名单见附件。\r\n".encode()
    name = "=?GBK?B?" + base64.b64encode("客户名单.csv".encode("gbk")).decode() + "?="
    attachment = base64.encodebytes(records(200).encode()).replace(b"\n", b"\r\n")
    message = (b"From: clerk@corp.example.cn\r\nTo: buyer@example.net, broker@example.org\r\n"
               b"Subject: =?UTF-8?B?" + base64.b64encode("名单".encode()) + b"?=\r\nMIME-Version: 1.0\r\n"
               b"Content-Type: multipart/mixed; boundary=\"=_outer\"\r\n\r\nThis is a MIME message.\r\n"
               b"--=_outer\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
               + quopri.encodestring(text).replace(b"\n", b"\r\n").replace(b"\r\r\n", b"\r\n") +
               b"\r\n--=_outer\r\nContent-Type: text/csv; name=\"" + name.encode() + b"\"\r\n"
               b"Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"" + name.encode() +
               b"\"\r\n\r\n" + attachment + b"--=_outer--\r\n")
    # A line starting with a dot is sent dot-stuffed.
    stuffed = b"\r\n".join(b"." + line if line.startswith(b".") else line for line in message.split(b"\r\n"))
    with connection(path, server=("198.51.100.25", 25)) as c:
        c.send(1, b"220 mx.example.net ESMTP\r\n")
        for command, reply in [(b"EHLO pc17.corp.example.cn\r\n", b"250-mx.example.net\r\n250 PIPELINING\r\n"),
                               (b"MAIL FROM:<Clerk@corp.example.cn>\r\n", b"250 OK\r\n"),
                               (b"RCPT TO:<buyer@example.net>\r\n", b"250 OK\r\n"),
                               (b"RCPT TO:<broker@example.org>\r\n", b"250 OK\r\n"),
                               (b"DATA\r\n", b"354 go ahead\r\n")]:
            c.send(0, command)
            c.send(1, reply)
        c.send(0, stuffed + b".\r\n")
        c.send(1, b"250 queued\r\n")
        c.send(0, b"QUIT\r\n")
        c.send(1, b"221 bye\r\n")
        c.close()


def scenario_ftp(path, active):
    """An FTP upload of a customer list to an outside server: the data
    connection is opened by the client (passive) or by the server (active)."""
    client, server = ("10.1.1.10", 50010), ("203.0.113.21", 21)
    p = Pcap(path)
    ctl = Connection(p, client, server)
    ctl.handshake()
    for command, reply in [(None, b"220 FTP ready\r\n"), (b"USER upload\r\n", b"331 password\r\n"),
                           (b"PASS secret\r\n", b"230 logged in\r\n"), (b"TYPE I\r\n", b"200 binary\r\n")]:
        if command:
            ctl.send(0, command)
        ctl.send(1, reply)
    if active:
        ctl.send(0, b"PORT 10,1,1,10,195,81\r\n")  # 10.1.1.10:50001
        ctl.send(1, b"200 PORT ok\r\n")
        ctl.send(0, b"STOR report.csv\r\n")
        data = Connection(p, ("203.0.113.21", 20), ("10.1.1.10", 50001), t0=ctl.t)
        sender = 1
    else:
        ctl.send(0, b"PASV\r\n")
        ctl.send(1, b"227 Entering Passive Mode (203,0,113,21,195,80).\r\n")  # port 50000
        data = Connection(p, ("10.1.1.10", 50011), ("203.0.113.21", 50000), t0=ctl.t)
        ctl.t = data.t
        ctl.send(0, b"STOR customers.csv\r\n")
        sender = 0
    data.t = ctl.t
    data.handshake()
    ctl.t = data.t
    ctl.send(1, b"150 opening data connection\r\n")
    data.t = ctl.t
    data.send(sender, records(200).encode())
    data.close()
    ctl.t = data.t
    ctl.send(1, b"226 transfer complete\r\n")
    ctl.send(0, b"QUIT\r\n")
    ctl.send(1, b"221 bye\r\n")
    ctl.close()
    p.close()


def scenario_keepalive_two_uploads(path):
    """One keep-alive connection uploads two files: mobile numbers first,
    then ID numbers; each alert names the request and file it came from."""
    people = People(67)
    phones = "手机号\r\n" + "".join(people.mobile() + "\r\n" for _ in range(60))
    ids = "身份证号\r\n" + "".join(people.resident_id() + "\r\n" for _ in range(70))
    with connection(path) as c:
        for n, (filename, text) in enumerate([("phones.csv", phones), ("ids.csv", ids)], start=1):
            body, ctype = multipart([("file", filename, "text/csv", text.encode())])
            c.send(0, multipart_post(f"/upload/{n}", "files.example.net", body, ctype))
            c.send(1, RESPONSE)
        c.close()


def scenario_xlsx_download(path):
    """An inside user downloads a customer workbook from outside: inbound,
    not a leak; it alerts only with --all-directions."""
    workbook = xlsx([("姓名", "身份证号", "手机号")] + customers(50, seed=71))
    with connection(path) as c:
        c.send(0, b"GET /export/customers HTTP/1.1\r\nHost: saas.example.net\r\n\r\n")
        c.send(1, (f"HTTP/1.1 200 OK\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                   f"\r\nContent-Disposition: attachment; filename=\"export.xlsx\"\r\n"
                   f"Content-Length: {len(workbook)}\r\n\r\n").encode() + workbook)
        c.close()


def scenario_internal_retrievals(path):
    """A workstation (10.1.1.20) pulls customers from two internal systems
    (--server-net 10.9.0.0/24): a one-customer lookup and a page of 299 from
    the CRM's JSON API at 10:00 Beijing time, in one keep-alive connection,
    then 300 others as a CSV export from the billing system at 02:00 the
    next night. Each flow is info (300 of 5,000), their sum a warning."""
    people = People(53)
    rows = [{"name": SURNAMES[i % len(SURNAMES)] + GIVEN_NAMES[i // len(SURNAMES) % len(GIVEN_NAMES)],
             "idCard": people.resident_id(), "mobile": people.mobile()} for i in range(600)]
    p = Pcap(path)
    workstation = ("10.1.1.20", 51000)
    crm = Connection(p, workstation, ("10.9.0.5", 8080), t0=1714528800.0)  # 2024-05-01 10:00 +08:00
    crm.handshake()
    for uri, page in (("/api/customers/1001", rows[:1]), ("/api/customers?page=1", rows[1:300])):
        body = json.dumps({"data": page}, ensure_ascii=False).encode()
        crm.send(0, f"GET {uri} HTTP/1.1\r\nHost: crm.corp.example\r\n\r\n".encode())
        crm.send(1, (f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
                 .encode() + body)
    crm.close()
    billing = Connection(p, (workstation[0], 51001), ("10.9.0.6", 80), t0=1714586400.0)  # 2024-05-02 02:00 +08:00
    billing.handshake()
    csv = "姓名,身份证号,手机号\r\n" + "".join(f"{r['name']},{r['idCard']},{r['mobile']}\r\n" for r in rows[300:])
    billing.send(0, b"GET /export/customers.csv HTTP/1.1\r\nHost: billing.corp.example\r\n\r\n")
    billing.send(1, (f"HTTP/1.1 200 OK\r\nContent-Type: text/csv; charset=utf-8\r\nContent-Length: "
                     f"{len(csv.encode())}\r\n\r\n").encode() + csv.encode())
    billing.close()
    p.close()


def scenario_uri_with_personal_data(path):
    """A lookup whose query string carries a resident ID and a mobile: the
    alert names the request with both masked."""
    rid, mobile = FIXED_ROWS[0][0], FIXED_ROWS[0][1]
    with connection(path) as c:
        c.send(0, f"GET /api/customer?idCard={rid}&mobile={mobile} HTTP/1.1\r\nHost: crm.example.net\r\n\r\n"
               .encode())
        respond_and_close(c)


def write_scenarios(out):
    out.mkdir(parents=True, exist_ok=True)
    body = records(200).encode()
    upload_pcap(out / "http_upload.pcap", body)
    upload_pcap(out / "tiny_segments.pcap", body, sizes=[1, 2, 3, 4, 5, 6, 7])
    scenario_reordered(out / "reordered.pcap", body)
    upload_pcap(out / "ipv6_vlan.pcap", body, client=("fd00::10", 50000),
                server=("2001:db8::10", 80), vlans=(10, 20))
    upload_pcap(out / "linux_sll.pcap", body, linktype=LINKTYPE_LINUX_SLL)
    upload_pcap(out / "raw_ip.pcap", body, linktype=LINKTYPE_RAW)
    upload_pcap(out / "bsd_null.pcap", body, linktype=LINKTYPE_NULL)
    scenario_fragments(out / "ipv4_fragments.pcap", body)
    scenario_midstream(out / "midstream.pcap", body)
    scenario_rst(out / "rst.pcap", body)
    scenario_one_sided(out / "one_sided.pcap", body)
    scenario_download(out / "download.pcap", body)
    upload_pcap(out / "internal.pcap", body, server=("10.2.2.20", 80))
    upload_pcap(out / "decoys.pcap", decoy_text(300).encode())
    upload_pcap(out / "deidentified.pcap", deidentified_text().encode())
    scenario_long_upload(out / "long_upload.pcap")
    upload_pcap(out / "patients_600.pcap", patient_records(600))
    upload_pcap(out / "patients_300.pcap", patient_records(300))
    scenario_chat(out / "chat.pcap")
    scenario_gzip_chunked_json(out / "gzip_chunked_json.pcap")
    scenario_chunked_csv(out / "chunked_csv.pcap")
    scenario_host_three_flows(out / "host_three_flows.pcap")
    scenario_multipart_csv(out / "multipart_csv.pcap")
    scenario_multipart_xlsx(out / "multipart_xlsx.pcap")
    scenario_form_gbk(out / "form_gbk.pcap")
    scenario_smtp_attachment(out / "smtp_attachment.pcap")
    scenario_ftp(out / "ftp_passive.pcap", active=False)
    scenario_ftp(out / "ftp_active.pcap", active=True)
    scenario_keepalive_two_uploads(out / "keepalive_two_uploads.pcap")
    scenario_xlsx_download(out / "xlsx_download.pcap")
    scenario_internal_retrievals(out / "internal_retrievals.pcap")
    scenario_uri_with_personal_data(out / "uri_with_personal_data.pcap")


def write_benchmark(path, megabytes, alert_per_flow=False, seed=5):
    """Many keep-alive flows of mixed, mostly harmless web traffic
    (mixedtraffic.py) with sparse personal data: a 40-row customer list
    uploaded in one flow of fifty, or, with `alert_per_flow`, one mobile
    number in every flow instead (one alert each)."""
    from mixedtraffic import Bodies
    rng = random.Random(seed)
    people = People(seed)
    bodies = Bodies(seed)
    p = Pcap(path)
    leak = records(40, seed=9).encode()
    written, flow = 0, 0
    t = 1_700_000_000.0
    while written < megabytes * 1_000_000:
        flow += 1
        client = (f"10.{flow % 200}.{(flow // 200) % 250}.{1 + flow % 250}", 20000 + flow % 40000)
        server = (f"198.51.{flow % 100}.{1 + (flow // 100) % 250}", 80)
        c = Connection(p, client, server, t0=t, isn=(rng.randrange(2**32), rng.randrange(2**32)))
        c.handshake()
        for _ in range(rng.randint(1, 4)):
            ask, answer = bodies.exchange(rng)
            c.send(0, ask)
            c.send(1, answer)
        if alert_per_flow:
            c.send(0, http_upload(f"name,mobile\r\ncustomer,{people.mobile()}\r\n".encode()))
        elif flow % 50 == 0:
            c.send(0, http_upload(leak))
        c.close()
        t = c.t
        written = p.frame_bytes
    p.close()
    return flow


def write_alert_flows(path, flows, seed=13):
    """`flows` short outbound connections, each carrying one mobile number:
    one alert per flow, to load the alert outputs."""
    people = People(seed)
    p = Pcap(path)
    t = 1_700_000_000.0
    for flow in range(flows):
        client = (f"10.{flow % 200}.{(flow // 200) % 250}.{1 + flow % 250}", 20000 + flow % 40000)
        c = Connection(p, client, OUTSIDE, t0=t)
        c.handshake()
        c.send(0, http_upload(f"name,mobile\r\ncustomer,{people.mobile()}\r\n".encode()))
        respond_and_close(c)
        t = c.t
    p.close()


def write_flood(path, syn_flows, half_open, uploads=5):
    """A SYN flood: `syn_flows` SYN-only connections from spoofed outside
    addresses to an inside server, and `half_open` connections that send one
    segment past a hole (held out of order, never filled), with `uploads`
    real customer-list uploads from inside hosts spread among them. Frames
    are built from a template (checksums are not verified by the sensor):
    millions of them must be written in seconds."""
    p = Pcap(path)
    t = 1_700_000_000.0
    server = ip_bytes("10.9.0.1")
    eth = b"\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\x08\x00"
    filler = b"x" * 200

    def frame(n, flags, seq, payload=b""):
        src = bytes((198, 18, (n >> 8) & 0xFF, n & 0xFF))  # with the port below, one connection per n
        tcp = struct.pack("!HHIIBBHHH", 1024 + (n >> 16) % 60000, 80, seq, 0, 5 << 4, flags, 65535, 0, 0)
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40 + len(payload), 1, 0, 64, 6, 0, src, server)
        return eth + ip + tcp + payload

    every = max(1, (syn_flows + half_open) // (uploads + 1))
    people_sent = 0
    for n in range(syn_flows + half_open):
        t += 0.000002
        if n < syn_flows:
            p.write(t, frame(n, SYN, 1000))
        else:
            p.write(t, frame(n, SYN, 1000))
            p.write(t, frame(n, PSH | ACK, 1001 + 1460, filler))  # a hole of 1,460 bytes before it
        if n % every == every - 1 and people_sent < uploads:
            people_sent += 1
            c = Connection(p, (f"10.1.2.{people_sent}", 40000), ("203.0.113.80", 80), t0=t)
            c.handshake()
            c.send(0, http_upload(records(200).encode()))
            respond_and_close(c)
            t = c.t
    p.close()


def main():
    out = Path(sys.argv[1])
    if "--flood" in sys.argv:
        i = sys.argv.index("--flood")
        write_flood(out, int(sys.argv[i + 1]), int(sys.argv[i + 2]))
    elif "--alert-flows" in sys.argv:
        write_alert_flows(out, int(sys.argv[sys.argv.index("--alert-flows") + 1]))
    elif "--bench-mb" in sys.argv:
        mb = int(sys.argv[sys.argv.index("--bench-mb") + 1])
        flows = write_benchmark(out, mb, alert_per_flow="--alert-per-flow" in sys.argv)
        print(f"{out}: {flows} flows")
    else:
        write_scenarios(out)


if __name__ == "__main__":
    main()
