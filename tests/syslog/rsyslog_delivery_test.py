#!/usr/bin/env python3
"""Alert delivery to a real rsyslog, started here on loopback high ports with
a configuration written by this test.

1. UDP, TCP with octet counting and TCP with LF framing at once: every
   alert of the demo capture arrives on each, and rsyslog's RFC 5424 parser
   extracts the app name, message ID, structured data and message.
2. The collector is down when the sensor starts and comes up a second
   later: the TCP output reconnects and delivers everything.
3. TLS (RFC 5425) with a CA and server certificate made here by openssl:
   delivered when the certificate names the address dialled, refused (and
   nothing sent) when it does not.
4. TLS to a collector that demands a client certificate: delivered with
   --tls-cert/--tls-key, nothing accepted without them.
5. RELP: every alert delivered and acknowledged.
Prints 'N passed, N failed'. usage: rsyslog_delivery_test.py SENSOR DEMO_PCAP
"""
import os
import re
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from rsyslog_collector import Rsyslog, free_port, run_tests  # noqa: E402

def check_fields(lines, failures, name):
    categories = set()
    for line in lines:
        app, msgid, sd, msg = line.split("|", 3)
        m = re.search(r'category="([a-z_]+)"', sd)
        if app != "dlp-sensor" or msgid != "dlp.flow" or not sd.startswith("[dlp@32473 ") or not m:
            failures.append(f"{name}: rsyslog did not parse {line!r}")
            continue
        categories.add(m.group(1))
        if 'distinct="200"' not in sd or not msg.startswith("200 distinct "):
            failures.append(f"{name}: unexpected fields in {line!r}")
    if categories != {"bank_card", "cn_mobile", "cn_resident_id", "email"}:
        failures.append(f"{name}: categories {sorted(categories)}")


def run_sensor(sensor, pcap, outputs):
    args = [sensor, "--read", pcap]
    for o in outputs:
        args += ["--alert-output", o]
    return subprocess.run(args, capture_output=True, text=True, timeout=60)


def test_three_transports(sensor, pcap, work):
    failures = []
    udp, tcp, lf = free_port(socket.SOCK_DGRAM), free_port(), free_port()
    rs = Rsyslog(work, [("udp", "udp", udp), ("octet", "tcp", tcp), ("lf", "tcp", lf)])
    rs.start()
    try:
        run = run_sensor(sensor, pcap, [f"udp://127.0.0.1:{udp}", f"tcp://127.0.0.1:{tcp}",
                                        f"tcp://127.0.0.1:{lf}?framing=lf"])
        if run.returncode != 0:
            failures.append(f"sensor exit {run.returncode}: {run.stderr}")
        for name in ("udp", "octet", "lf"):
            lines = rs.lines(name, 4)
            if len(lines) != 4:
                failures.append(f"{name}: {len(lines)} messages arrived, expected 4")
            check_fields(lines, failures, name)
        if '"sent":4' not in run.stderr:
            failures.append(f"stats do not count the sent alerts: {run.stderr}")
    finally:
        rs.stop()
    return failures


def test_collector_comes_up_late(sensor, pcap, work):
    failures = []
    port = free_port()
    rs = Rsyslog(work, [("late", "tcp", port)])
    sensor_proc = subprocess.Popen([sensor, "--read", pcap, "--alert-output", f"tcp://127.0.0.1:{port}"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Compiling the signatures takes a while (longer under the sanitizers):
    # the collector comes up a second after the sensor has started reading.
    for line in sensor_proc.stderr:
        if '"event":"start"' in line:
            break
    time.sleep(1.0)
    rs.start()
    try:
        out, err = sensor_proc.communicate(timeout=30)
        lines = rs.lines("late", 4)
        if len(lines) != 4:
            failures.append(f"late collector: {len(lines)} messages arrived, expected 4; {err}")
        check_fields(lines, failures, "late")
        if '"reconnects":0' in err or '"dropped":0' not in err:
            failures.append(f"late collector: expected reconnects and no drops: {err}")
    finally:
        rs.stop()
    return failures


def make_certificates(work):
    """A CA, a server certificate it signs for IP address 127.0.0.1 only, and
    a client certificate it signs."""
    def openssl(*args):
        subprocess.run(["openssl", *args], cwd=work, check=True, capture_output=True)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=dlp test CA",
            "-keyout", "ca.key", "-out", "ca.pem")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=collector", "-keyout", "server.key",
            "-out", "server.csr")
    with open(os.path.join(work, "san.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-days", "1", "-extfile", "san.ext", "-out", "server.pem")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=dlp-sensor", "-keyout", "client.key",
            "-out", "client.csr")
    openssl("x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-days", "1", "-out", "client.pem")


def test_tls(sensor, pcap, work):
    failures = []
    make_certificates(work)
    port = free_port()
    rs = Rsyslog(work, [("tls", "tls", port)])
    rs.start()
    try:
        ca = os.path.join(work, "ca.pem")
        run = subprocess.run([sensor, "--read", pcap, "--alert-output", f"tls://127.0.0.1:{port}", "--tls-ca", ca],
                             capture_output=True, text=True, timeout=60)
        lines = rs.lines("tls", 4)
        if run.returncode != 0 or len(lines) != 4:
            failures.append(f"tls: {len(lines)} messages arrived, expected 4; {run.stderr}")
        check_fields(lines, failures, "tls")
        # "localhost" is not in the certificate: the sensor must refuse to send.
        wrong = subprocess.run([sensor, "--read", pcap, "--alert-output", f"tls://localhost:{port}", "--tls-ca", ca],
                               capture_output=True, text=True, timeout=60)
        if len(rs.lines("tls", 5, timeout=1)) != 4 or '"sent":0' not in wrong.stderr \
                or '"dropped":4' not in wrong.stderr:
            failures.append(f"tls: a certificate for another name was accepted: {wrong.stderr}")
    finally:
        rs.stop()
    return failures


def test_tls_client_certificate(sensor, pcap, work):
    failures = []
    make_certificates(work)
    port = free_port()
    rs = Rsyslog(work, [("mutual", "tls-client-cert", port)])
    rs.start()
    try:
        base = [sensor, "--read", pcap, "--alert-output", f"tls://127.0.0.1:{port}",
                "--tls-ca", os.path.join(work, "ca.pem")]
        without = subprocess.run(base, capture_output=True, text=True, timeout=60)
        if rs.lines("mutual", 1, timeout=2):
            failures.append(f"accepted without a client certificate: {without.stderr}")
        run = subprocess.run(base + ["--tls-cert", os.path.join(work, "client.pem"),
                                     "--tls-key", os.path.join(work, "client.key")],
                             capture_output=True, text=True, timeout=60)
        lines = rs.lines("mutual", 4)
        if run.returncode != 0 or len(lines) != 4:
            failures.append(f"with a client certificate: {len(lines)} messages arrived, expected 4; {run.stderr}")
        check_fields(lines, failures, "mutual")
    finally:
        rs.stop()
    return failures


def test_relp(sensor, pcap, work):
    failures = []
    port = free_port()
    rs = Rsyslog(work, [("relp", "relp", port)])
    rs.start()
    try:
        run = run_sensor(sensor, pcap, [f"relp://127.0.0.1:{port}"])
        lines = rs.lines("relp", 4)
        if run.returncode != 0 or len(lines) != 4 or '"sent":4' not in run.stderr:
            failures.append(f"relp: {len(lines)} messages arrived, expected 4; {run.stderr}")
        check_fields(lines, failures, "relp")
    finally:
        rs.stop()
    return failures


def main():
    return run_tests((test_three_transports, test_collector_comes_up_late, test_tls, test_tls_client_certificate,
                      test_relp), sys.argv[1], sys.argv[2])


if __name__ == "__main__":
    sys.exit(main())
