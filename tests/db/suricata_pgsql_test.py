#!/usr/bin/env python3
"""A PostgreSQL capture from another project (suricata-verify's
pgsql-5000-query-results, in the public corpus): the sensor must read its
login and its 5,000 result rows as Suricata's own test expects them (user
and database "rules", "select * from rule limit 5000;"), and count the same
values as the raw scan alone. Prints 'N passed, N failed'.
usage: suricata_pgsql_test.py SENSOR PCAP
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from report import report  # noqa: E402
from db_common import expect, sensor_alerts  # noqa: E402


def main():
    sensor, pcap = sys.argv[1], sys.argv[2]
    failures = []
    # The capture is cut inside its last packet: read to there, exit 1.
    alerts, stats = sensor_alerts(sensor, pcap, "--all-directions", exit_code=1)
    raw, _ = sensor_alerts(sensor, pcap, "--all-directions", "--no-app-decoding", exit_code=1)
    expect(failures, "the analyzer's counters",
           {k: stats["pgsql"][k] for k in ("connections", "result_sets", "rows", "desynchronised")},
           {"connections": 2, "result_sets": 1, "rows": 5000, "desynchronised": 0})
    for a in alerts:
        expect(failures, f"{a['category']} fields", (a["app"], a.get("db_user"), a.get("db_name"), a.get("db_query"),
                                                     a.get("rows")),
               ("pgsql", "rules", "rules", "select * from rule limit 5000;", 5000))
    expect(failures, "values counted", [(a["category"], a["distinct"]) for a in alerts],
           [(a["category"], a["distinct"]) for a in raw])
    return report(failures, " (suricata-verify's PostgreSQL capture)")


if __name__ == "__main__":
    sys.exit(main())
