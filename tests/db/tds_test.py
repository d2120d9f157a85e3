#!/usr/bin/env python3
"""SQL Server sessions written from the MS-TDS specification
(tests/captures/tdsgen.py; Debian has no SQL Server): first checked by
tshark's TDS dissector (the login, the statement, the column names and every
value it shows are what the generator meant), then replayed through the
sensor, whose alerts must count exactly the patients the rows hold. The
session whose PRELOGIN negotiates encryption is counted encrypted and gives
no content alert. Prints 'N passed, N failed'.
usage: tds_test.py SENSOR
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "captures"))
import tdsgen  # noqa: E402
from report import report  # noqa: E402
from db_common import WORKSTATION, expect, sensor_alerts  # noqa: E402


def tshark(pcap, *fields, only="tds"):
    """Each field's occurrences over the packets `only` selects, in order."""
    values = []
    for f in fields:
        out = subprocess.run(["tshark", "-r", pcap, "-d", "tcp.port==1433,tds", "-Y", only, "-T", "fields",
                              "-E", "occurrence=a",
                              "-E", "aggregator=\x1f", "-e", f], capture_output=True, text=True, check=True).stdout
        values.append([v for line in out.splitlines() for v in line.split("\x1f") if v])
    return values


def same_list(failures, what, got, want):
    """Like expect(), naming only the first difference of two long lists."""
    if got == want:
        return
    at = next((i for i, (g, w) in enumerate(zip(got, want)) if g != w), min(len(got), len(want)))
    failures.append(f"{what}: {len(got)} values, expected {len(want)}; first difference at {at}: "
                    f"{str(got[at:at + 1])[:80]} instead of {str(want[at:at + 1])[:80]}")


def check_dissection(pcap, failures):
    user, database, app, query, columns = tshark(pcap, "tds.7login.username", "tds.7login.databasename",
                                                 "tds.7login.appname", "tds.query", "tds.colmetadata.colname")
    expect(failures, "tshark: login", (user, database, app), (["his_reader"], ["HIS"], ["HIS Reports"]))
    expect(failures, "tshark: batch", query, [tdsgen.BATCH])
    expect(failures, "tshark: columns", columns, tdsgen.COLUMNS * 2)
    strings, ints = tshark(pcap, "tds.type_varbyte.data.string", "tds.type_varbyte.data.int",
                           only=f"ip.src == {tdsgen.SERVER[0]}")
    rows = tdsgen.patients()
    meant = [v for _, name, rid, mobile, note, _, _ in rows for v in (name, rid, mobile, note) if v is not None]
    same_list(failures, "tshark: the rows' text values", strings, meant)
    same_list(failures, "tshark: the ids", [int(i) for i in ints], [r[0] for r in rows])


def main():
    sensor = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory() as out:
        session, encrypted = os.path.join(out, "tds_session.pcap"), os.path.join(out, "tds_encrypted.pcap")
        tdsgen.write_session(session)
        tdsgen.write_encrypted(encrypted)
        check_dissection(session, failures)
        alerts, stats = sensor_alerts(sensor, session)
        got = [(a["event"], a["category"], a["distinct"], a["records"], a.get("rows"), a["severity"]) for a in alerts]
        expect(failures, "alerts", got, [("dlp.bulk_access", "cn_mobile", 300, 0, 300, "info"),
                                         ("dlp.bulk_access", "cn_resident_id", 300, 300, 300, "info"),
                                         ("dlp.bulk_access", "person_name", 300, 0, 300, "info")])
        for a in alerts:
            expect(failures, f"{a['category']} fields",
                   (a["app"], a["src_ip"], a["dst_ip"], a.get("db_user"), a.get("db_name"), a.get("db_query")),
                   ("tds", tdsgen.SERVER[0], WORKSTATION, "his_reader", "HIS", tdsgen.BATCH))
        tds = stats["tds"]
        expect(failures, "stats", (tds["connections"], tds["result_sets"], tds["rows"], tds["desynchronised"]),
               (1, 2, 300, 0))
        alerts, stats = sensor_alerts(sensor, encrypted)
        expect(failures, "encrypted: alerts", alerts, [])
        expect(failures, "encrypted: counted", (stats["tds"]["connections"], stats["tds"]["encrypted"]), (1, 1))
    return report(failures, " (TDS 7.4 against tshark and through the sensor, and an encrypted session)")


if __name__ == "__main__":
    sys.exit(main())
