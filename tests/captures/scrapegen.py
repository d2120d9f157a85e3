#!/usr/bin/env python3
"""Captures of records pulled out of an internal web service by outside clients, for the receiver
summary's tests.

scraper.pcap: one outside client (203.0.113.77) fetches /api/customer/{id} for IDS rising IDs over
CONNECTIONS keep-alive connections to the CRM at 10.3.0.10; each answer is one customer (name,
resident ID, mobile, bank card: a tier A record). Before it, the CRM itself uploads three lists of
20 customers with bank cards to 198.51.100.9, on connections it opened (60 tier A records).
proxy.pcap: two scrapers behind one proxy address (203.0.113.88) with their own User-Agents, taking
turns, each walking its own 1,000 IDs.
visitors.pcap: VISITORS ordinary clients, each fetching one customer's profile once.
usage: scrapegen.py OUTDIR"""
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from pcapgen import Connection, Pcap, People, customers, http_upload, respond_and_close  # noqa: E402

CRM = ("10.3.0.10", 80)
SCRAPER, PROXY = "203.0.113.77", "203.0.113.88"
IDS, CONNECTIONS, VISITORS, UPLOADS, UPLOAD_ROWS = 2000, 40, 300, 3, 20
FIRST_ID = 100001
PATH = "/api/customer/{n}"
SCRAPER_AGENT = "python-requests/2.31.0"
PROXY_AGENTS = ("Scrapy/2.11.0 (+https://scrapy.org)", "Go-http-client/1.1")
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"


class Customers:
    """One customer per ID: a name, a resident ID, a mobile and a bank card."""

    def __init__(self, n, seed=71):
        people = People(seed)
        self.rows = [(name, rid, mobile, people.card()) for name, rid, mobile in customers(n, seed)]

    def answer(self, number):
        name, rid, mobile, card = self.rows[number - FIRST_ID]
        body = json.dumps({"id": number, "name": name, "idCard": rid, "mobile": mobile, "bankCard": card},
                          ensure_ascii=False).encode()
        return b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body


def request(number, agent):
    return (f"GET {PATH.format(n=number)} HTTP/1.1\r\nHost: crm.corp.example\r\nUser-Agent: {agent}\r\n"
            f"Accept: application/json\r\n\r\n").encode()


def fetch(pcap, client, numbers, agent, people, t0):
    c = Connection(pcap, client, CRM, t0=t0)
    c.handshake()
    for number in numbers:
        c.send(0, request(number, agent))
        c.send(1, people.answer(number))
    c.close()


def crm_uploads(pcap, people, t0):
    """The CRM's own uploads: lists of customers with their bank cards, on connections it opened."""
    for part in range(UPLOADS):
        rows = people.rows[part * UPLOAD_ROWS:(part + 1) * UPLOAD_ROWS]
        body = "姓名,身份证号,手机号,银行卡号\r\n" + "".join(",".join(r) + "\r\n" for r in rows)
        c = Connection(pcap, (CRM[0], 41000 + part), ("198.51.100.9", 443), t0=t0 + part * 60)
        c.handshake()
        c.send(0, http_upload(body.encode()))
        respond_and_close(c)


def scraper(path, people):
    p = Pcap(path)
    crm_uploads(p, people, 1_700_000_000.0)
    per = IDS // CONNECTIONS
    for k in range(CONNECTIONS):
        numbers = range(FIRST_ID + k * per, FIRST_ID + (k + 1) * per)
        fetch(p, (SCRAPER, 52000 + k), numbers, SCRAPER_AGENT, people, 1_700_001_000.0 + k * 10)
    p.close()


def proxy(path, people):
    """Two scrapers behind one address, one connection each per 50 IDs, taking turns."""
    p = Pcap(path)
    for k in range(20):
        for s, agent in enumerate(PROXY_AGENTS):
            start = FIRST_ID + s * 1000 + k * 50
            fetch(p, (PROXY, 53000 + 2 * k + s), range(start, start + 50), agent, people,
                  1_700_001_000.0 + k * 10 + s * 5)
    p.close()


def visitors(path, people):
    rng = random.Random(9)
    p = Pcap(path)
    for v in range(VISITORS):
        client = (f"198.51.{100 + v // 250}.{1 + v % 250}", 50000 + v)
        fetch(p, client, [rng.randrange(FIRST_ID, FIRST_ID + IDS)], BROWSER, people, 1_700_001_000.0 + v * 3)
    p.close()


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    people = Customers(IDS)
    scraper(out / "scraper.pcap", people)
    proxy(out / "proxy.pcap", people)
    visitors(out / "visitors.pcap", people)


if __name__ == "__main__":
    main()
