"""What the database tests share: the customers a server is loaded with,
the two network namespaces (an internal server, a workstation) joined by a
veth pair, replaying a capture through the sensor, and moving a capture to
02:00 Beijing time."""
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from alert_log import kept  # noqa: E402
from netns_pair import NamespacePair  # noqa: E402

SERVER, WORKSTATION = "10.9.0.5", "10.1.1.20"
SENSOR_ARGS = ["--server-net", "10.9.0.0/24", "--alert-format", "json"]
# 2024-05-01 02:00 Beijing time, where a capture is moved to for the off-hours check.
NIGHT = 1714500000


def customers(pcapgen):
    sys.path.insert(0, os.path.dirname(pcapgen))
    import pcapgen as gen
    people = gen.People(97)
    rows = []
    for i in range(1, 1001):
        name = gen.SURNAMES[i % len(gen.SURNAMES)] + gen.GIVEN_NAMES[i // len(gen.SURNAMES) % len(gen.GIVEN_NAMES)]
        rows.append((i, name, people.resident_id(), people.mobile(), people.card(), f"北京市朝阳区建国路{i}号"))
    return rows


class Namespaces(NamespacePair):
    """The server's and the workstation's namespaces."""

    def __init__(self):
        super().__init__("dlp-db", SERVER, WORKSTATION)


def sensor_alerts(sensor, pcap, *extra, exit_code=0):
    """The alerts and the stats of a replay, which must end with `exit_code`."""
    run = subprocess.run([sensor, "--read", pcap, *SENSOR_ARGS, *extra], capture_output=True, text=True)
    if run.returncode != exit_code:
        raise AssertionError(f"the sensor exited with {run.returncode}: {run.stderr[-300:]}")
    return kept([json.loads(line) for line in run.stdout.splitlines() if line.strip()]), json.loads(
        run.stderr.strip().splitlines()[-1])


def by_query(alerts):
    """Each flow's alerts, keyed by (db_query, category)."""
    return {(a.get("db_query"), a["category"]): a for a in alerts if a["event"] == "dlp.bulk_access"}


def expect(failures, what, got, want):
    if got != want:
        failures.append(f"{what}: {got!r}, expected {want!r}")


def check_retrievals(alerts, rows, app, user, failures, prepared_sql, pulls_prefix):
    """What both servers' tests ask of the same traffic: SELECT * of the
    1,000 customers, a one-row lookup, a statement whose resident ID is
    masked, a prepared SELECT of 500, ten pulls of 500 and the workstation's
    critical summary of them."""
    flows = by_query(alerts)
    everyone = "SELECT * FROM customers"
    names = len({r[1] for r in rows})  # generated names repeat
    for category in ("cn_resident_id", "cn_mobile", "bank_card", "person_name", "address"):
        a = flows.get((everyone, category), {})
        expect(failures, f"SELECT * {category} distinct", a.get("distinct"), names if category == "person_name" else 1000)
        expect(failures, f"SELECT * {category} rows", a.get("rows"), 1000)
        expect(failures, f"SELECT * {category} direction", (a.get("src_ip"), a.get("dst_ip"), a.get("app")),
               (SERVER, WORKSTATION, app))
        expect(failures, f"SELECT * {category} login", (a.get("db_user"), a.get("db_name")), (user, "crm"))
    expect(failures, "SELECT * records", flows.get((everyone, "cn_resident_id"), {}).get("records"), 1000)
    one = flows.get(("SELECT * FROM customers WHERE id = 7", "cn_resident_id"), {})
    expect(failures, "one-row lookup", (one.get("distinct"), one.get("rows"), one.get("severity")), (1, 1, "info"))
    seventh = rows[6][2]
    masked = f"SELECT name, mobile FROM customers WHERE sfzh = '{seventh[:6]}{'*' * 8}{seventh[-4:]}'"
    lookup = flows.get((masked, "cn_mobile"), {})
    expect(failures, "a statement's resident ID masked", (lookup.get("distinct"), lookup.get("rows")), (1, 1))
    if any(seventh in json.dumps(a) for a in alerts):
        failures.append("an alert carries a resident ID in clear")
    ps = flows.get((prepared_sql, "cn_resident_id"), {})
    expect(failures, "prepared SELECT", (ps.get("distinct"), ps.get("records"), ps.get("rows")), (500, 500, 500))
    pulls = [a for a in alerts if a.get("db_query", "").startswith(pulls_prefix) and a["category"] == "cn_resident_id"]
    expect(failures, "the ten pulls", [(a["distinct"], a["records"], a["severity"]) for a in pulls],
           [(500, 500, "warning")] * 10)
    summaries = [a for a in alerts if a["event"] == "dlp.workstation_summary" and a["category"] == "cn_resident_id"]
    expect(failures, "workstation summary", [(a["severity"], a["dst_ip"], a["distinct"], a["records"])
                                             for a in summaries], [("critical", WORKSTATION, 5000, 5000)])


def at_night(pcap, home):
    """A copy of `pcap` whose first packet is at 02:00 Beijing time."""
    first = float(subprocess.run(["capinfos", "-a", "-T", "-r", "-S", pcap], capture_output=True, text=True,
                                 check=True).stdout.split()[-1])
    night = os.path.join(home, "night.pcap")
    subprocess.run(["editcap", "-t", str(NIGHT - first), pcap, night], check=True)
    return night


TIME_FIELDS = ("timestamp", "flow_start", "flow_end")


def watched(ns, sensor, pcap, port, traffic):
    """Runs `traffic()` while tcpdump writes `pcap` on the workstation's
    side and the sensor watches the same interface live; returns what
    traffic() returned and the live sensor's alerts."""
    dump = ns.popen(ns.client, "tcpdump", "-i", "dbc0", "-U", "-s", "0", "-w", pcap, "tcp", "port", str(port),
                    stderr=subprocess.DEVNULL)
    live = ns.popen(ns.client, sensor, "--interface", "dbc0", *SENSOR_ARGS, "--immediate", stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE, text=True)
    for line in live.stderr:
        if '"event":"start"' in line:
            break
    time.sleep(1)  # tcpdump is listening too
    result = traffic()
    time.sleep(1)
    dump.send_signal(signal.SIGINT)
    dump.wait(timeout=30)
    live.send_signal(signal.SIGTERM)
    out, _ = live.communicate(timeout=60)
    if os.environ.get("DLP_KEEP_CAPTURE"):  # for a look at a failure
        subprocess.run(["cp", pcap, os.environ["DLP_KEEP_CAPTURE"]], check=True)
    return result, kept([json.loads(line) for line in out.splitlines() if line.strip()])


def same_alerts(live, replayed):
    """Whether live and replayed alerts agree, but for their times."""
    def strip(alerts):
        return sorted(json.dumps({k: v for k, v in a.items() if k not in TIME_FIELDS}, sort_keys=True)
                      for a in alerts)
    return strip(live) == strip(replayed)
