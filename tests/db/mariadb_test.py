#!/usr/bin/env python3
"""A real MariaDB server (Debian's mariadb-server) holding 1,000 generated
customers, queried by its own client (mariadb), by PyMySQL and by a
binary-protocol client (Perl's DBD::MariaDB with server-side prepared
statements; PyMySQL fills parameters in itself) while tcpdump captures; the
capture is replayed through the sensor, and the same traffic is seen live. The server (10.9.0.5, --server-net) and the
workstation (10.1.1.20) are two network namespaces the test makes, joined
by a veth pair; the server's data directory is a temporary folder. Needs
root. Prints 'N passed, N failed'.
usage: mariadb_test.py SENSOR PCAPGEN
"""
import contextlib
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from report import report  # noqa: E402
from db_common import (SERVER, WORKSTATION, Namespaces, at_night, check_retrievals, customers,  # noqa: E402
                       expect, same_alerts, sensor_alerts, watched)

PORT = 13306
USER, PASSWORD = "analyst", "Secret-1"


@contextlib.contextmanager
def mariadb(ns, home, rows):
    """mariadbd on SERVER:PORT with crm.customers loaded and USER allowed to read it."""
    data, sock = os.path.join(home, "data"), os.path.join(home, "mysql.sock")
    subprocess.run(["mariadb-install-db", "--no-defaults", f"--datadir={data}", "--user=root",
                    "--auth-root-authentication-method=socket", "--skip-test-db"], check=True, capture_output=True)
    server = ns.popen(ns.server, "mariadbd", "--no-defaults", f"--datadir={data}", f"--socket={sock}",
                      f"--port={PORT}", f"--bind-address={SERVER}", "--user=root", f"--pid-file={home}/pid",
                      f"--log-error={home}/error.log", "--skip-log-bin", "--local-infile=1",
                      "--innodb-buffer-pool-size=32M", "--skip-name-resolve", stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if subprocess.run(["mariadb-admin", "--no-defaults", f"--socket={sock}", "ping"],
                              capture_output=True).returncode == 0:
                break
            time.sleep(0.2)
        values = ",".join(f"({i},'{n}','{r}','{m}','{c}','{a}')" for i, n, r, m, c, a in rows)
        setup = (f"CREATE DATABASE crm CHARACTER SET utf8mb4; USE crm;"
                 f"CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(32), sfzh CHAR(18), mobile CHAR(11),"
                 f" card_no VARCHAR(19), address VARCHAR(64));"
                 f"CREATE TABLE imports LIKE customers;"
                 f"INSERT INTO customers VALUES {values};"
                 f"CREATE USER '{USER}'@'%' IDENTIFIED BY '{PASSWORD}';"
                 f"GRANT SELECT, INSERT ON crm.* TO '{USER}'@'%';")
        subprocess.run(["mariadb", "--no-defaults", f"--socket={sock}", "-e", setup], check=True)
        yield
    finally:
        server.terminate()
        server.wait(timeout=60)


def client(ns, sql, *extra):
    """The mariadb client on the workstation, over TCP."""
    return ns.run(ns.client, "mariadb", "--no-defaults", "--skip-ssl", "-h", SERVER, "-P", str(PORT), "-u", USER,
                  f"-p{PASSWORD}", "crm", *extra, "-e", sql, capture_output=True, text=True)


PREPARED = ("use DBI; my $d = DBI->connect('DBI:MariaDB:database=crm;host=%s;port=%d;mariadb_server_prepare=1;"
            "mariadb_ssl=0', '%s', '%s', {RaiseError => 1}); my $s = $d->prepare('%s'); $s->execute(%s); "
            "my $n = 0; $n++ while $s->fetchrow_arrayref; print $n;")


# PyMySQL, as Python scripts pull data: its parameters are put into the statement's text by the client.
PULL = ("import pymysql, sys; c = pymysql.connect(host='%s', port=%d, user='%s', password='%s', database='crm',"
        " ssl_disabled=True); k = c.cursor();"
        " k.execute('SELECT id, sfzh, mobile FROM customers LIMIT 500 OFFSET %%s', (int(sys.argv[1]),));"
        " print(len(k.fetchall()))")


def prepared(ns, sql, *params):
    script = PREPARED % (SERVER, PORT, USER, PASSWORD, sql, ",".join(str(p) for p in params))
    return ns.run(ns.client, "perl", "-e", script, capture_output=True, text=True).stdout


def traffic(ns, rows, home):
    """The queries of the test, one connection each, from the workstation."""
    # First a workstation that pulls 5,000 rows in ten queries: its summary is critical at the tenth.
    for page in range(10):
        ns.run(ns.client, "/usr/bin/python3", "-c", PULL % (SERVER, PORT, USER, PASSWORD), str(page % 2 * 500),
               capture_output=True)
    seventh = rows[6][2]
    outputs = [
        client(ns, "SELECT * FROM customers WHERE id = 7"),
        client(ns, "SELECT * FROM customers"),
        client(ns, f"SELECT name, mobile FROM customers WHERE sfzh = '{seventh}'"),
    ]
    fetched = prepared(ns, "SELECT id, name, sfzh, mobile FROM customers WHERE id BETWEEN ? AND ?", 1, 500)
    csv = os.path.join(home, "upload.csv")
    with open(csv, "w") as f:
        f.writelines(f"{1000 + i},{n},{r},{m},{c},{a}\n" for i, n, r, m, c, a in rows[:200])
    client(ns, f"LOAD DATA LOCAL INFILE '{csv}' INTO TABLE imports FIELDS TERMINATED BY ','", "--local-infile=1")
    return outputs, fetched, csv


def check_replay(sensor, pcap, rows, csv, failures):
    alerts, stats = sensor_alerts(sensor, pcap)
    check_retrievals(alerts, rows, "mysql", USER, failures, "SELECT id, name, sfzh, mobile FROM customers WHERE id "
                     "BETWEEN ? AND ?", "SELECT id, sfzh, mobile FROM customers LIMIT 500")
    mysql = stats["mysql"]
    expect(failures, "result sets", mysql["result_sets"], 14)
    expect(failures, "uploads", mysql["uploads"], 1)
    expect(failures, "desynchronised", mysql["desynchronised"], 0)
    # The upload goes from the workstation to the server: internal, reported only with --all-directions.
    uploads = [a for a in sensor_alerts(sensor, pcap, "--all-directions")[0]
               if a.get("filename") == csv and a["category"] == "cn_resident_id"]
    expect(failures, "LOAD DATA LOCAL INFILE",
           [(a["distinct"], a["records"], a["direction"], a["src_ip"], a.get("db_user"), a.get("db_query"))
            for a in uploads],
           [(200, 200, "internal", WORKSTATION, USER,
             f"LOAD DATA LOCAL INFILE '{csv}' INTO TABLE imports FIELDS TERMINATED BY ','")])
    return alerts


def check_night(sensor, pcap, home, failures):
    """The same capture moved to 02:00 Beijing time: every retrieval is off hours."""
    alerts, _ = sensor_alerts(sensor, at_night(pcap, home))
    retrievals = [a for a in alerts if a["event"] == "dlp.bulk_access"]
    if not retrievals or not all(a.get("off_hours") is True for a in retrievals):
        failures.append(f"at 02:00 not every retrieval is off hours: {[a.get('off_hours') for a in retrievals]}")
    summary = [a for a in alerts if a["event"] == "dlp.workstation_summary" and a["category"] == "cn_resident_id"]
    expect(failures, "off-hours records", [(a["records"], a.get("off_hours_records")) for a in summary],
           [(5000, 5000)])


def main():
    sensor, pcapgen = sys.argv[1], sys.argv[2]
    rows = customers(pcapgen)
    failures = []
    with tempfile.TemporaryDirectory() as home, Namespaces() as ns, mariadb(ns, home, rows):
        pcap = os.path.join(home, "db.pcap")
        (outputs, fetched, csv), seen_live = watched(ns, sensor, pcap, PORT, lambda: traffic(ns, rows, home))
        expect(failures, "rows the clients got", (outputs[1].stdout.count("\n"), fetched), (1001, "500"))
        replayed = check_replay(sensor, pcap, rows, csv, failures)
        if not same_alerts(seen_live, replayed):
            failures.append(f"live alerts differ from the replay's: {len(seen_live)} live, {len(replayed)} replayed")
        check_night(sensor, pcap, home, failures)
    return report(failures, " (MariaDB: SELECT *, a lookup, a prepared SELECT, LOAD DATA, 10 pulls, live and night)")


if __name__ == "__main__":
    sys.exit(main())
