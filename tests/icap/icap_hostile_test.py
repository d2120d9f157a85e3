#!/usr/bin/env python3
"""Hostile ICAP input (run with the sanitizer build too): bad Encapsulated
offsets, bad chunk sizes, a preview longer than it said, an unknown
method and version, a head without end, a message cut short; a client
that stalls in the middle of a request while others are served; and
10,000 connections left idle against --icap-max-connections 500. Each is
answered (400, 501, 505) or closed and counted, the sensor keeps serving,
and it exits cleanly. Prints 'N passed, N failed'.
usage: icap_hostile_test.py SENSOR"""
import os
import resource
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from icap_common import Sensor, chunk, read_answer, reqmod  # noqa: E402
from report import report  # noqa: E402

HTTP = b"POST /up HTTP/1.1\r\nHost: a.example\r\nContent-Length: 5\r\n\r\n"
ALLOW_204 = "Allow: 204\r\n"
OPTIONS = b"OPTIONS icap://127.0.0.1/reqmod ICAP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
HOSTILE = [
    ("offsets out of order", b"REQMOD icap://h/reqmod ICAP/1.0\r\nEncapsulated: req-body=40, req-hdr=0\r\n\r\n", 400),
    ("an offset past any head", b"REQMOD icap://h/reqmod ICAP/1.0\r\nEncapsulated: req-hdr=0, req-body=9999999999\r\n\r\n",
     400),
    ("a chunk size that is not hex", reqmod(HTTP, b"12zz\r\nhello\r\n", ALLOW_204), 400),
    ("a chunk size of 2^64", reqmod(HTTP, b"10000000000000000\r\n", ALLOW_204), 400),
    ("a chunk longer than its size", reqmod(HTTP, b"2\r\nhello\r\n0\r\n\r\n", ALLOW_204), 400),
    # Without 204 the message is passed back as it comes: its 200 has gone, and the close ends it.
    ("a bad chunk of a message passed back", reqmod(HTTP, b"2\r\nhello\r\n0\r\n\r\n"), 200),
    ("a preview longer than it said", reqmod(HTTP, chunk(b"hello") + chunk(b""), "Preview: 2\r\n"), 400),
    ("an unknown method", b"BREW icap://h/reqmod ICAP/1.0\r\n\r\n", 501),
    ("another version", b"REQMOD icap://h/reqmod ICAP/2.0\r\n\r\n", 505),
    ("a head without end", b"REQMOD icap://h/reqmod ICAP/1.0\r\nX: " + b"a" * 70000, 400),
]


def expect(failures, what, got, want):
    if got != want:
        failures.append(f"{what}: {got!r}, expected {want!r}")


def status_of(answer):
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"ICAP/1.0 ") else None


def options_status(sensor):
    with sensor.connect() as s:
        s.sendall(OPTIONS)
        return status_of(read_answer(s))


def check_malformed(binary, failures):
    sensor = Sensor(binary)
    for what, data, status in HOSTILE:
        with sensor.connect() as s:
            s.sendall(data)
            answer = read_answer(s)
        closed = b"Connection: close\r\n" in answer or b"ICAP/1.0 400" not in answer
        expect(failures, what, (status_of(answer), closed, answer.count(b"ICAP/1.0 ")), (status, True, 1))
    # Cut short: what it carried is reported ("aborted"); the server goes on.
    with sensor.connect() as s:
        s.sendall(reqmod(HTTP, b"5\r\nhel"))
        time.sleep(0.3)
    expect(failures, "OPTIONS after the hostile input", options_status(sensor), 200)
    expect(failures, "exit code", sensor.stop(), 0)
    stats = sensor.stats()
    expect(failures, "malformed and connections counted", (stats["malformed"], stats["connections"]),
           (len(HOSTILE), len(HOSTILE) + 3))  # and the probe that saw it listen


def check_slow_client(binary, failures):
    sensor = Sensor(binary, "--icap-request-timeout", "2")
    slow = sensor.connect()
    slow.sendall(reqmod(HTTP, b"5\r\nhe", ALLOW_204))  # and nothing more
    began = time.time()
    expect(failures, "OPTIONS beside a stalled client", options_status(sensor), 200)
    expect(failures, "answered within the second read_answer waits", time.time() - began < 1.5, True)
    slow.settimeout(10)
    closed = slow.recv(100) == b""  # nothing was answered before the close
    expect(failures, "the stalled request closed after its time", (closed, 1.5 < time.time() - began < 8),
           (True, True))
    slow.close()
    sensor.stop()
    expect(failures, "timeouts", sensor.stats()["timeouts"], 1)


def check_idle_flood(binary, failures, count=10_000, cap=500):
    limit = count + 500
    resource.setrlimit(resource.RLIMIT_NOFILE, (limit, max(limit, resource.getrlimit(resource.RLIMIT_NOFILE)[1])))
    sensor = Sensor(binary, "--icap-max-connections", str(cap), "--icap-idle-timeout", "60", "--stats-interval", "1")
    sockets = []
    for _ in range(count):
        sockets.append(socket.create_connection(("127.0.0.1", sensor.port), 10))
    deadline = time.time() + 60
    while time.time() < deadline:
        lines = sensor.stats_lines()
        if lines and lines[-1]["icap"]["connections"] + lines[-1]["icap"]["refused"] >= count:
            break
        time.sleep(0.5)
    for s in sockets:
        s.close()
    time.sleep(1)
    expect(failures, "OPTIONS once the idle connections went", options_status(sensor), 200)
    expect(failures, "exit code after the flood", sensor.stop(), 0)
    stats = sensor.stats()
    expect(failures, "connections accepted and refused", (stats["connections"], stats["refused"]),
           (cap + 2, count - cap))  # with the probe and the last OPTIONS


def main(binary):
    failures = []
    check_malformed(binary, failures)
    check_slow_client(binary, failures)
    check_idle_flood(binary, failures)
    return report(failures)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
