#!/usr/bin/env python3
"""Records pulled out of an internal web service, summed per outside receiver (tests/captures/scrapegen.py).
- scraper.pcap: the client that fetched 2,000 customers by rising ID over 40 keep-alive connections
  gives two dlp.receiver_summary alerts: critical after its first connection (50 bank cards: the tier A
  line) and severe after its 10th (500: ten times it), each with enumeration and its path template,
  its flows, requests, server and User-Agent, and the path's values. The CRM's host summary counts
  only its own three uploads (60 tier A records).
- proxy.pcap: two scrapers behind one address are one receiver whose requests walk, with both
  User-Agents by its severe level; with --receiver-key address+user-agent, two receivers, each walking
  and reaching both levels.
- visitors.pcap: 300 clients fetching one profile each give no receiver summary.
- dlp-report on the scraper's alerts puts the 2,000 records under the client that pulled them, and
  only the CRM's own 60 under the CRM.
Prints 'N passed, N failed'.
usage: receiver_summary_test.py SENSOR"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "captures"))
sys.path.insert(0, os.path.join(HERE, ".."))
import scrapegen as gen  # noqa: E402
sys.path.insert(0, os.path.join(HERE, "..", "report"))
from case_run import make_report, tables_of  # noqa: E402
from alert_log import kept  # noqa: E402
from report import report  # noqa: E402


def replay(sensor, pcap, *options):
    run = subprocess.run([sensor, "--read", pcap, "--alert-format", "json", *options], capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"{pcap}: exit code {run.returncode}: {run.stderr}")
    alerts = kept([json.loads(line) for line in run.stdout.splitlines()])
    return [a for a in alerts if a["event"] == "dlp.receiver_summary"], alerts


def receiver_fields(a):
    return {k: a.get(k) for k in ("dst_ip", "category", "severity", "distinct", "flows", "requests", "servers",
                                  "user_agents", "uri_paths", "enumeration", "enumeration_path")}


def check_scraper(sensor, out):
    receivers, alerts = replay(sensor, os.path.join(out, "scraper.pcap"))
    per = gen.IDS // gen.CONNECTIONS
    want = [{"dst_ip": gen.SCRAPER, "category": "bank_card", "severity": severity, "distinct": flows * per,
             "flows": flows, "requests": flows * per, "servers": [gen.CRM[0]], "user_agents": [gen.SCRAPER_AGENT],
             "uri_paths": [{"path": gen.PATH, "values": 4 * flows * per}], "enumeration": True,
             "enumeration_path": gen.PATH} for severity, flows in (("critical", 1), ("severe", 10))]
    failures = []
    if [receiver_fields(a) for a in receivers] != want:
        failures.append(f"scraper: receiver summaries {[receiver_fields(a) for a in receivers]}")
    failures += check_report(out, alerts)
    hosts = sorted((a["src_ip"], a["category"], a["distinct"], a["records"]) for a in alerts
                   if a["event"] == "dlp.host_summary")
    rows = gen.UPLOADS * gen.UPLOAD_ROWS
    if hosts != [(gen.CRM[0], "bank_card", rows, 0), (gen.CRM[0], "cn_resident_id", rows, rows)]:
        failures.append(f"scraper: the CRM's host summaries {hosts}")
    return failures


def check_report(out, alerts):
    """The case report's host and outside-client rows: flows, records, score, line."""
    path = os.path.join(out, "scraper.json")
    with open(path, "w") as f:
        f.writelines(json.dumps(a, ensure_ascii=False) + "\n" for a in alerts)
    run = make_report([path], os.path.join(out, "scraper.html"))
    tables = tables_of(os.path.join(out, "scraper.html")) if run.returncode == 0 else {}
    host = tables.get("hosts", {}).get(f"hosts-{gen.CRM[0]}", [])
    client = tables.get("receivers", {}).get(f"receivers-{gen.SCRAPER}", [])
    rows = gen.UPLOADS * gen.UPLOAD_ROWS
    failures = []
    if host[1:2] + host[5:9] != [str(gen.UPLOADS), str(rows), "cn_resident_id", "1.2000", "情节严重"]:
        failures.append(f"report: the CRM's row {host} {run.stderr}")
    if client[1:3] + client[5:9] != [str(gen.CONNECTIONS), "1", str(gen.IDS), "cn_resident_id", "40.0000",
                                     "情节特别严重"]:
        failures.append(f"report: the client's row {client}")
    return failures


def check_proxy(sensor, out):
    failures = []
    pcap = os.path.join(out, "proxy.pcap")
    shared, _ = replay(sensor, pcap)
    got = [(a["dst_ip"], a["severity"], sorted(a["user_agents"]), a["enumeration"], a.get("enumeration_path"))
           for a in shared]
    if got != [(gen.PROXY, "critical", [gen.PROXY_AGENTS[0]], True, gen.PATH),
               (gen.PROXY, "severe", sorted(gen.PROXY_AGENTS), True, gen.PATH)]:
        failures.append(f"proxy, one receiver: {got}")
    apart, _ = replay(sensor, pcap, "--receiver-key", "address+user-agent")
    got = sorted((a["dst_ip"], a["user_agents"], a["enumeration"], a["severity"]) for a in apart)
    if got != sorted((gen.PROXY, [agent], True, level) for agent in gen.PROXY_AGENTS
                     for level in ("critical", "severe")):
        failures.append(f"proxy, by User-Agent: {got}")
    return failures


def main():
    sensor = sys.argv[1]
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([sys.executable, gen.__file__, out], check=True)
        failures = check_scraper(sensor, out) + check_proxy(sensor, out)
        receivers, alerts = replay(sensor, os.path.join(out, "visitors.pcap"))
        flows = {a["dst_ip"] for a in alerts if a["event"] == "dlp.flow"}
        if receivers or len(flows) != gen.VISITORS:
            failures.append(f"visitors: {len(receivers)} receiver summaries, flows to {len(flows)} visitors")
    return report(failures)


if __name__ == "__main__":
    sys.exit(main())
