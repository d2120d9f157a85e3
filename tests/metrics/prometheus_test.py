#!/usr/bin/env python3
"""The metrics page scraped by a real Prometheus (Debian's), all in a network namespace the test
makes (needs root), with a configuration the test writes: one sensor replays captures from a pipe
the test holds open (so that it waits mid-replay), another captures live on a veth pair fed by
tcpreplay with two workers (fanout). PromQL through Prometheus's HTTP API must give the packets, the
alerts by event and severity (as the alert files count them), the kernel's drops and each worker's
packets, once the first capture is in and again after the second; promtool accepts each page;
requests that are not GET /metrics are refused; every query of the Grafana dashboard
(tools/packaging/grafana-dashboard.json) is valid PromQL over metrics the pages have. Prints 'N passed, N failed'.
usage: prometheus_test.py SENSOR GENERATED_DIR"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "captures"))
from alert_log import kept  # noqa: E402
from netns_veth import VethNamespace  # noqa: E402
from pcapgen import packets_in  # noqa: E402
from report import report  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DASHBOARD = os.path.join(ROOT, "tools", "packaging", "grafana-dashboard.json")
CAPTURES = ["multipart_csv.pcap", "host_three_flows.pcap"]
PROMETHEUS, REPLAY, LIVE = 9090, 9101, 9102
CONFIG = """global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: dlp
    static_configs:
      - targets: ["127.0.0.1:%d"]
        labels: {role: replay}
      - targets: ["127.0.0.1:%d"]
        labels: {role: live}
"""


class Namespace(VethNamespace):
    def http(self, port, path, raw=None):
        """The answer to GET path (or to the raw request), from inside the namespace."""
        request = raw or f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        code = ("import socket,sys; s=socket.create_connection(('127.0.0.1',%d)); s.sendall(sys.stdin.buffer.read());"
                "b=b''\nwhile (d:=s.recv(65536)): b+=d\nsys.stdout.buffer.write(b)") % port
        return subprocess.run(self.exec + [sys.executable, "-c", code], input=request.encode(), capture_output=True,
                              check=True, timeout=20).stdout.decode()

    def answer(self, promql):
        answer = self.http(PROMETHEUS, "/api/v1/query?query=" + urllib.parse.quote(promql))
        return json.loads(answer.split("\r\n\r\n", 1)[1])

    def query(self, promql, labels):
        """{the labels' values, joined by spaces: value} of an instant PromQL query."""
        body = self.answer(promql)
        return {" ".join(r["metric"].get(n, "") for n in labels): float(r["value"][1]) for r in body["data"]["result"]}


def wait_for(ns, promql, want, labels=("role",), seconds=30):
    """The query's answer once it equals `want`, or the last one after `seconds`."""
    deadline, got = time.time() + seconds, None
    while time.time() < deadline:
        got = ns.query(promql, labels)
        if got == want:
            break
        time.sleep(0.5)
    return got


def alerts_by_severity(path, role):
    alerts = kept([json.loads(line) for line in open(path) if line.strip()])
    return {f"{role} {s}": float(n) for s, n in Counter(a["severity"] for a in alerts).items()}


def check(ns, failures, stage, promql, want):
    got = wait_for(ns, promql, want)
    if got != want:
        failures.append(f"{stage}: {promql} gave {got}, not {want}")


def check_stage(ns, failures, stage, packets, tmp):
    check(ns, failures, stage, "dlp_packets_total", {"replay": packets, "live": packets})
    check(ns, failures, stage, 'dlp_capture_received_total{role="live"}', {"live": packets})
    check(ns, failures, stage, 'dlp_capture_dropped_total{role="live"}', {"live": 0.0})
    check(ns, failures, stage, 'sum by (role) (dlp_workers_packets_total{role="live"})', {"live": packets})
    time.sleep(1.5)  # the alerts of the flows just ended reach their files
    want = {**alerts_by_severity(f"{tmp}/replay.json", "replay"), **alerts_by_severity(f"{tmp}/live.json", "live")}
    got = wait_for(ns, "sum by (role, severity) (dlp_alert_events_total) > 0", want, ("role", "severity"))
    if got != want:
        failures.append(f"{stage}: alerts by severity {got}, not {want}")


def check_dashboard(ns, failures, families):
    panels = json.load(open(DASHBOARD))["panels"]
    exprs = [t["expr"] for p in panels for t in p["targets"]]
    for expr in exprs:
        body = ns.answer(expr)
        if body.get("status") != "success":
            failures.append(f"dashboard query {expr}: {body.get('error')}")
        for name in re.findall(r"\bdlp_[a-z0-9_]*[a-z0-9]\b", expr):
            if name not in families:
                failures.append(f"dashboard query {expr}: no metric {name}")
    if len(exprs) < 20:
        failures.append(f"{len(exprs)} dashboard queries")


def check_pages(ns, failures):
    families = set()
    for port in (REPLAY, LIVE):
        page = ns.http(port, "/metrics").split("\r\n\r\n", 1)[1]
        families |= set(re.findall(r"(?m)^# TYPE (\S+)", page))
        lint = subprocess.run(["promtool", "check", "metrics"], input=page, capture_output=True, text=True)
        if lint.returncode != 0 or lint.stdout.strip() or lint.stderr.strip():
            failures.append(f"promtool on port {port}: {lint.stdout[:300]} {lint.stderr[:300]}")
    for raw, status in (("POST /metrics HTTP/1.1\r\n\r\n", "405"), ("GET /x HTTP/1.1\r\n\r\n", "404"),
                        ("\x00\xff garbage\r\n\r\n", "400"), ("GET /" + "a" * 9000, "400")):
        answer = ns.http(REPLAY, "", raw)
        if not answer.startswith(f"HTTP/1.1 {status}"):
            failures.append(f"{raw[:20]!r} answered {answer[:40]!r}, not {status}")
    check_dashboard(ns, failures, families)


def main():
    sensor, generated = sys.argv[1], sys.argv[2]
    pcaps = [os.path.join(generated, c) for c in CAPTURES]
    failures = []
    with tempfile.TemporaryDirectory() as tmp, Namespace("dlp-prom") as ns:
        with open(f"{tmp}/prometheus.yml", "w") as f:
            f.write(CONFIG % (REPLAY, LIVE))
        fifo = f"{tmp}/capture.pipe"
        os.mkfifo(fifo)
        common = ["--alert-format", "json", "--metrics-listen"]
        procs = [subprocess.Popen(ns.exec + ["prometheus", f"--config.file={tmp}/prometheus.yml",
                                             f"--storage.tsdb.path={tmp}/data", f"--web.listen-address=127.0.0.1:"
                                             f"{PROMETHEUS}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
        procs.append(subprocess.Popen(ns.exec + [sensor, "--read", fifo, "--workers", "1", *common,
                                                 f"127.0.0.1:{REPLAY}", "--alert-output", f"{tmp}/replay.json",
                                                 "--icap-listen", "127.0.0.1:1344"],
                                      stderr=subprocess.PIPE, text=True))
        procs.append(subprocess.Popen(ns.exec + [sensor, "--interface", "sensor0", "--workers", "2", "--immediate",
                                                 "--capture-buffer", "16", *common, f"127.0.0.1:{LIVE}",
                                                 "--alert-output", f"{tmp}/live.json", "--alert-output",
                                                 "tcp://127.0.0.1:5514", "--spool-dir", f"{tmp}/spool"],
                                      stderr=subprocess.PIPE, text=True))
        try:
            for line in procs[2].stderr:  # the live sensor captures from its start line on
                if '"event":"start"' in line:
                    break
            pipe = open(fifo, "wb")  # the replaying sensor opens it for reading meanwhile
            packets = 0
            for stage, pcap in enumerate(pcaps):
                data = open(pcap, "rb").read()
                pipe.write(data if stage == 0 else data[24:])  # one pcap stream: the header once
                pipe.flush()
                ns.replay(pcap, mbps=5)
                packets += packets_in(pcap)
                check_stage(ns, failures, f"after {CAPTURES[stage]}", float(packets), tmp)
            check_pages(ns, failures)
            pipe.close()
            procs[2].send_signal(signal.SIGTERM)
            for p in procs[1:]:
                if p.wait(timeout=60) != 0:
                    failures.append(f"a sensor exited with {p.returncode}: {p.stderr.read()[-300:]}")
        finally:
            for p in procs:
                if p.poll() is None:
                    p.kill()
                    p.wait()
    return report(failures, f" ({len(CAPTURES)} stages, replay from a pipe and live)")


if __name__ == "__main__":
    sys.exit(main())
