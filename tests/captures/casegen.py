#!/usr/bin/env python3
"""Writes a generated forensic case: three internal hosts over a week of capture time (Monday
2026-11-02 to Sunday 2026-11-08, UTC), in two captures.

- case_week.pcap: host 10.2.0.11 uploads customer lists with bank cards (tier A records: property
  information) to a file-sharing site, 20 customers each on Monday, Wednesday and Friday: no upload
  alone is 情节严重, their 60 records are. Host 10.2.0.12 sends two lists of 100 customers' names,
  resident IDs and mobiles (tier C) on Tuesday and Saturday, far below every line.
- case_week_insider.pcap: host 10.2.0.13, a hospital clerk, sends 100 patients' records (tier B: health
  information) on each of Monday, Thursday and Sunday: 300 records, 情节严重 only as data obtained in
  one's job (Art. 5 item 8, the sensor's --insider).

No value belongs to a real person (seeded generator, valid check digits). usage: casegen.py OUTDIR
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from pcapgen import Connection, Pcap, People, http_upload, patient_records, respond_and_close  # noqa: E402

MONDAY = 1_793_577_600.0  # 2026-11-02T00:00:00Z
DAY = 86_400
CARD_HOST, CARD_SITE = "10.2.0.11", ("203.0.113.50", 80)
LIST_HOST, LIST_SITE = "10.2.0.12", ("198.51.100.20", 80)
CLERK, CLERK_SITE = "10.2.0.13", ("192.0.2.30", 80)
CARD_UPLOADS, CARD_ROWS = (0, 2, 4), 20  # days after Monday, customers each
LIST_UPLOADS, LIST_ROWS = (1, 5), 100
CLERK_UPLOADS, CLERK_ROWS = (0, 3, 6), 100


def customer_cards(n, seed):
    people = People(seed)
    rows = [f"客户{i},{people.resident_id()},{people.mobile()},{people.card()}\r\n" for i in range(n)]
    return ("姓名,身份证号,手机号,银行卡号\r\n" + "".join(rows)).encode()


def customer_list(n, seed):
    people = People(seed)
    rows = [f"客户{i},{people.resident_id()},{people.mobile()}\r\n" for i in range(n)]
    return ("姓名,身份证号,手机号\r\n" + "".join(rows)).encode()


def upload(pcap, host, port, site, at, body, name):
    c = Connection(pcap, (host, port), site, t0=at)
    c.handshake()
    c.send(0, http_upload(body, host=name))
    respond_and_close(c)


def write_week(path):
    uploads = [(MONDAY + d * DAY + 10 * 3600 + i * 60, CARD_HOST, 41000 + i, CARD_SITE,
                customer_cards(CARD_ROWS, 100 + i), "pan.example.com") for i, d in enumerate(CARD_UPLOADS)]
    uploads += [(MONDAY + d * DAY + 15 * 3600, LIST_HOST, 42000 + i, LIST_SITE, customer_list(LIST_ROWS, 200 + i),
                 "forms.example.org") for i, d in enumerate(LIST_UPLOADS)]
    p = Pcap(path)
    for at, host, port, site, body, name in sorted(uploads):
        upload(p, host, port, site, at, body, name)
    p.close()


def write_insider(path):
    p = Pcap(path)
    for i, d in enumerate(CLERK_UPLOADS):
        rows = patient_records(CLERK_ROWS * len(CLERK_UPLOADS)).split(b"\r\n")
        part = rows[0] + b"\r\n" + b"".join(r + b"\r\n" for r in rows[1 + i * CLERK_ROWS:1 + (i + 1) * CLERK_ROWS])
        upload(p, CLERK, 43000 + i, CLERK_SITE, MONDAY + d * DAY + 20 * 3600, part, "mail.example.net")
    p.close()


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    write_week(out / "case_week.pcap")
    write_insider(out / "case_week_insider.pcap")


if __name__ == "__main__":
    main()
