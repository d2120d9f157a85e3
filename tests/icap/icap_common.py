"""What the ICAP tests share: the sensor serving ICAP on a free port of
the loopback, its alerts and its stats lines, and raw ICAP messages."""
import contextlib
import json
import os
import signal
import socket
import subprocess
import tempfile
import time

from alert_log import kept


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sensor:
    """The sensor listening for ICAP; `alerts()` and `stats()` once it stopped, `last_stats()` while it runs."""

    def __init__(self, binary, *options, scheme=""):
        self.port = free_port()
        self.dir = tempfile.mkdtemp()
        self.out = open(f"{self.dir}/alerts.json", "w")
        self.err = open(f"{self.dir}/err.log", "w")
        self.proc = subprocess.Popen([binary, "--icap-listen", f"{scheme}127.0.0.1:{self.port}", "--alert-format", "json",
                                      *options], stdout=self.out, stderr=self.err)
        deadline = time.time() + 30
        while time.time() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 1):
                return
            if self.proc.poll() is not None:
                raise RuntimeError(open(f"{self.dir}/err.log").read())
            time.sleep(0.1)
        raise RuntimeError("the sensor does not listen")

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=60)
        self.out.close()
        self.err.close()
        return self.proc.returncode

    def alerts(self):
        return kept([json.loads(line) for line in open(f"{self.dir}/alerts.json") if line.strip()])

    def stats_lines(self):
        return [json.loads(line) for line in open(f"{self.dir}/err.log") if line.startswith('{"event":"stats"')]

    def stats(self):
        return self.stats_lines()[-1]["icap"]

    def connect(self):
        return socket.create_connection(("127.0.0.1", self.port), 10)


def reqmod(http_head, body_chunks, fields=""):
    """A REQMOD of `http_head` (bytes) and its body's chunks, already framed."""
    return (f"REQMOD icap://127.0.0.1/reqmod ICAP/1.0\r\nHost: 127.0.0.1\r\n{fields}"
            f"Encapsulated: req-hdr=0, req-body={len(http_head)}\r\n\r\n").encode() + http_head + body_chunks


def chunk(data):
    return b"%x\r\n" % len(data) + data + b"\r\n" if data else b"0\r\n\r\n"


def read_answer(sock):
    """What the server sends until it closes or stops for a second."""
    sock.settimeout(1)
    data = b""
    with contextlib.suppress(socket.timeout, ConnectionResetError):
        while True:
            part = sock.recv(65536)
            if not part:
                break
            data += part
    return data
