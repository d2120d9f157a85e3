#!/usr/bin/env python3
"""Protocol conformance against c-icap's own client (Debian's c-icap):
OPTIONS of both services; REQMOD with a preview and 204; REQMOD and
RESPMOD without 204, whose message comes back byte for byte; RESPMOD
without a preview; the ISTag changing when SIGHUP reloads the signatures;
in block mode, the block page in place of a customer list; and ICAP over
TLS (icaps). Every answer and counter asserted exactly.
Prints 'N passed, N failed'.
usage: c_icap_client_test.py SENSOR PCAPGEN"""
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from icap_common import Sensor  # noqa: E402
from report import report  # noqa: E402


def expect(failures, what, got, want):
    if got != want:
        failures.append(f"{what}: {got!r}, expected {want!r}")


def client(sensor, service, *args):
    run = subprocess.run(["c-icap-client", "-i", "127.0.0.1", "-p", str(sensor.port), "-s", service, "-v", *args],
                         capture_output=True, text=True, timeout=60)
    return run.returncode, run.stdout + run.stderr


def header_lines(output):
    return [line.strip() for line in output.splitlines() if line.startswith("\t")]


def istag(sensor):
    return [line for line in header_lines(client(sensor, "reqmod")[1]) if line.startswith("ISTag:")]


def check_reload(binary, failures):
    sensor = Sensor(binary)
    before = istag(sensor)
    sensor.proc.send_signal(signal.SIGHUP)
    deadline = time.time() + 30
    while time.time() < deadline and '"event":"reload"' not in open(f"{sensor.dir}/err.log").read():
        time.sleep(0.1)
    time.sleep(0.2)
    after = istag(sensor)
    sensor.stop()
    expect(failures, "the ISTag changes with a reload", (len(before), len(after), before != after), (1, 1, True))


def check_tls(binary, home, customers, failures):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-keyout", f"{home}/icap.key", "-out", f"{home}/icap.pem"], check=True, capture_output=True)
    sensor = Sensor(binary, "--icap-tls-cert", f"{home}/icap.pem", "--icap-tls-key", f"{home}/icap.key",
                    scheme="icaps://")
    code, text = client(sensor, "reqmod", "-tls", "-tls-no-verify", "-req", "http://crm.example/import", "-f",
                        customers)
    sensor.stop()
    expect(failures, "icaps: REQMOD with 204", (code, "No modification needed (Allow 204 response)" in text), (0, True))
    expect(failures, "icaps: its alerts", sorted({a["category"] for a in sensor.alerts() if a["event"] == "dlp.flow"}),
           ["cn_mobile", "cn_resident_id", "person_name"])
    # The probe that saw it listen made no TLS handshake.
    expect(failures, "icaps: counters", (sensor.stats()["reqmod"], sensor.stats()["tls_failures"]), (1, 1))


def main(binary, pcapgen):
    failures = []
    sys.path.insert(0, os.path.dirname(pcapgen))
    import pcapgen as gen
    with tempfile.TemporaryDirectory() as home:
        rows = gen.customers(300, 23)
        customers = f"{home}/customers.csv"
        with open(customers, "w") as f:
            f.write("姓名,身份证号,手机\n" + "".join(f"{n},{i},{m}\n" for n, i, m in rows))
        out = f"{home}/out"
        sensor = Sensor(binary)
        code, text = client(sensor, "reqmod")
        lines = header_lines(text)
        expect(failures, "OPTIONS reqmod", (code, "ICAP/1.0 200 OK" in lines, "Methods: REQMOD" in lines, "Preview: 4096" in lines,
                                            "Allow: 204" in lines, "Allow 204: Yes" in lines), (0, True, True, True, True, True))
        code, text = client(sensor, "respmod")
        expect(failures, "OPTIONS respmod", (code, "Methods: RESPMOD" in header_lines(text)), (0, True))
        code, text = client(sensor, "reqmod", "-req", "http://crm.example/import", "-f", customers)
        expect(failures, "REQMOD with a preview, 204",
               (code, "No modification needed (Allow 204 response)" in text), (0, True))
        for name, args in (("REQMOD without 204", ["-req", "http://crm.example/import", "-no204"]),
                           ("RESPMOD without 204, preview 1024", ["-resp", "http://crm.example/x.csv", "-no204",
                                                                   "-w", "1024"]),
                           ("RESPMOD without 204 nor preview", ["-resp", "http://crm.example/y.csv", "-no204",
                                                                "-nopreview"])):
            if os.path.exists(out):
                os.remove(out)
            code, text = client(sensor, "reqmod" if name.startswith("REQMOD") else "respmod", *args, "-f", customers,
                                "-o", out)
            same = os.path.exists(out) and open(out, "rb").read() == open(customers, "rb").read()
            expect(failures, name, (code, header_lines(text)[0], same), (0, "ICAP/1.0 200 OK", True))
        sensor.stop()
        alerts = [a for a in sensor.alerts() if a["category"] == "cn_resident_id" and a["event"] == "dlp.flow"]
        expect(failures, "one resident ID alert per message",
               sorted((a.get("http_method", "-"), a["direction"], a["distinct"], a["action"]) for a in alerts),
               sorted([("GET", "outbound", 300, "allowed")] * 2 + [("GET", "inbound", 300, "allowed")] * 2))
        stats = sensor.stats()
        expect(failures, "counters", {k: stats[k] for k in ("options", "reqmod", "respmod", "continues", "allowed_204",
                                                            "returned_unchanged", "blocked", "malformed")},
               {"options": 6, "reqmod": 2, "respmod": 2, "continues": 3, "allowed_204": 1, "returned_unchanged": 3,
                "blocked": 0, "malformed": 0})

        os.remove(out)
        blocker = Sensor(binary, "--icap-mode", "block", "--block-severity", "info")
        code, text = client(blocker, "reqmod", "-req", "http://crm.example/import", "-f", customers, "-o", out)
        page = open(out, encoding="utf-8").read() if os.path.exists(out) else ""
        blocker.stop()
        if code != 0:
            failures.append(f"block mode: c-icap-client said {text[-500:]}")
        alert_id = blocker.alerts()[0]["alert_id"] if blocker.alerts() else "none"
        expect(failures, "block mode: the block page",
               ("HTTP/1.1 403 Forbidden" in text, f"<b>{alert_id}</b>" in page, rows[0][1] in page), (True, True, False))
        expect(failures, "block mode: counters", (blocker.stats()["blocked"], blocker.stats()["allowed_204"]), (1, 0))
        check_reload(binary, failures)
        check_tls(binary, home, customers, failures)
    return report(failures)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
