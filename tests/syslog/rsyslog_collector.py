#!/usr/bin/env python3
"""A real rsyslog as a syslog test receiver: started on loopback ports with
a configuration written here, each input writing what rsyslog parsed of
every message (app name, message ID, structured data, message) to a file.
Used by the delivery tests and the alert benchmark.
"""
import os
import shutil
import socket
import subprocess
import tempfile
import time

TEMPLATE = '%app-name%|%msgid%|%structured-data%|%msg%\\n'


def free_port(kind=socket.SOCK_STREAM):
    s = socket.socket(socket.AF_INET, kind)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Rsyslog:
    def __init__(self, work, inputs):
        """inputs: [(name, 'udp'|'tcp'|'tls'|'tls-client-cert'|'relp', port)]; each writes
        WORK/NAME.log. A tls input uses WORK/ca.pem, server.pem and server.key;
        tls-client-cert also wants a client certificate signed by that CA."""
        self.work = work
        lines = [f'global(workDirectory="{work}" defaultNetstreamDriverCAFile="{work}/ca.pem" '
                 f'defaultNetstreamDriverCertFile="{work}/server.pem" '
                 f'defaultNetstreamDriverKeyFile="{work}/server.key")',
                 # At a stop, what rsyslog has acknowledged is written before it exits.
                 'main_queue(queue.timeoutShutdown="10000")',
                 'module(load="imudp")', 'module(load="imtcp")', 'module(load="imrelp")',
                 f'template(name="fields" type="string" string="{TEMPLATE}")']
        modes = {"tls": "anon", "tls-client-cert": "x509/certvalid"}
        for name, kind, port in inputs:
            module = {"udp": "imudp", "relp": "imrelp"}.get(kind, "imtcp")
            address = "" if kind == "relp" else ' address="127.0.0.1"'
            tls = f' streamDriver.name="ossl" streamDriver.mode="1" streamDriver.authMode="{modes[kind]}"' \
                if kind in modes else ""
            lines.append(f'input(type="{module}"{address} port="{port}" ruleset="{name}"{tls})')
            lines.append(f'ruleset(name="{name}") {{ action(type="omfile" file="{work}/{name}.log" '
                         f'template="fields") }}')
        with open(os.path.join(work, "rsyslog.conf"), "w") as f:
            f.write("\n".join(lines) + "\n")
        self.tcp_ports = [p for _, kind, p in inputs if kind != "udp"]
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(["rsyslogd", "-n", "-f", os.path.join(self.work, "rsyslog.conf"),
                                      "-i", os.path.join(self.work, "rsyslog.pid")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 10
        for port in self.tcp_ports:
            while time.time() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.05)

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=10)

    def lines(self, name, want, timeout=10):
        path = os.path.join(self.work, name + ".log")
        deadline = time.time() + timeout
        while time.time() < deadline:
            if os.path.exists(path):
                with open(path) as f:
                    got = f.read().splitlines()
                if len(got) >= want:
                    return got
            time.sleep(0.1)
        return open(path).read().splitlines() if os.path.exists(path) else []


def run_tests(tests, *args):
    """Runs each test(*args, work) in a fresh directory; a test returns its
    failures. Prints them and 'N passed, N failed'; returns the exit code."""
    if not shutil.which("rsyslogd"):
        print("FAIL: rsyslogd is not installed (tools/setup.sh --tests installs it)")
        print("0 passed, 1 failed")
        return 1
    passed = failed = 0
    for test in tests:
        with tempfile.TemporaryDirectory() as work:
            failures = test(*args, work)
        for f in failures:
            print(f"FAIL {test.__name__}: {f}")
        passed += not failures
        failed += bool(failures)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0
