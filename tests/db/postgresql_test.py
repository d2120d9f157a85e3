#!/usr/bin/env python3
"""A real PostgreSQL server (Debian's postgresql) holding 1,000 generated
customers, queried by psql (simple queries, COPY TO STDOUT, COPY FROM
STDIN), by Perl's DBD::Pg (the extended protocol: Parse, Bind, Execute) and
by psycopg2, while tcpdump captures; the capture is replayed through the
sensor, and the same traffic is seen live. One psql connection asks for
TLS, which the server (with a certificate made for the test) grants: it is
counted encrypted. The server (10.9.0.5, --server-net) and the workstation
(10.1.1.20) are two network namespaces the test makes; the data directory
is a temporary folder. Needs root. Prints 'N passed, N failed'.
usage: postgresql_test.py SENSOR PCAPGEN
"""
import contextlib
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from report import report  # noqa: E402
from db_common import (SERVER, WORKSTATION, Namespaces, at_night, by_query, check_retrievals, customers,  # noqa: E402
                       expect, same_alerts, sensor_alerts, watched)

PORT = 15432
USER, PASSWORD = "analyst", "Secret-1"
BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]


def as_postgres(*cmd):
    return ["runuser", "-u", "postgres", "--", *cmd]


@contextlib.contextmanager
def postgresql(ns, home, rows):
    """postgres on SERVER:PORT with crm's customers loaded and USER allowed to read them."""
    data = os.path.join(home, "data")
    subprocess.run(as_postgres(f"{BIN}/initdb", "-D", data, "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8",
                               "--auth-local=trust", "--auth-host=scram-sha-256"), check=True, capture_output=True)
    with open(os.path.join(data, "pg_hba.conf"), "a") as hba:
        hba.write(f"host all all {WORKSTATION}/32 scram-sha-256\n")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{home}/server.key",
                    "-out", f"{home}/server.crt", "-subj", "/CN=crm.corp.example", "-days", "1"], check=True,
                   capture_output=True)
    for f in ("server.key", "server.crt"):
        shutil.chown(f"{home}/{f}", "postgres")
        os.chmod(f"{home}/{f}", 0o600)
    server = ns.popen(ns.server, *as_postgres(f"{BIN}/postgres", "-D", data, "-p", str(PORT), "-c",
                                              f"listen_addresses={SERVER}", "-c", f"unix_socket_directories={home}",
                                              "-c", "ssl=on", "-c", f"ssl_cert_file={home}/server.crt", "-c",
                                              f"ssl_key_file={home}/server.key"),
                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if subprocess.run([f"{BIN}/pg_isready", "-h", home, "-p", str(PORT)], capture_output=True).returncode == 0:
                break
            time.sleep(0.2)
        values = ",".join(f"({i},'{n}','{r}','{m}','{c}','{a}')" for i, n, r, m, c, a in rows)
        local = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", home, "-p", str(PORT), "-U", "postgres"]
        subprocess.run(local + ["-c", "CREATE DATABASE crm"], check=True)
        subprocess.run(local + ["-d", "crm", "-c",
                                "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(32), sfzh CHAR(18),"
                                " mobile CHAR(11), card_no VARCHAR(19), address VARCHAR(64));"
                                "CREATE TABLE imports (LIKE customers);"
                                f"INSERT INTO customers VALUES {values};"
                                f"CREATE USER {USER} PASSWORD '{PASSWORD}';"
                                f"GRANT SELECT, INSERT ON customers, imports TO {USER};"], check=True)
        yield
    finally:
        server.terminate()
        server.wait(timeout=60)


def psql(ns, sql, ssl="disable", stdin=None):
    """psql on the workstation, over TCP."""
    conninfo = f"host={SERVER} port={PORT} user={USER} dbname=crm sslmode={ssl} gssencmode=disable"
    return ns.run(ns.client, "env", f"PGPASSWORD={PASSWORD}", "psql", "-X", "-A", "-t", conninfo, "-c", sql,
                  stdin=stdin, capture_output=True, text=True)


PREPARED = ("use DBI; my $d = DBI->connect('dbi:Pg:dbname=crm;host=%s;port=%d;sslmode=disable;gssencmode=disable',"
            " '%s', '%s', {RaiseError => 1}); my $s = $d->prepare('%s'); $s->execute(%s); "
            "my $n = 0; $n++ while $s->fetchrow_arrayref; print $n;")
PULL = ("import psycopg2, sys; c = psycopg2.connect(host='%s', port=%d, user='%s', password='%s', dbname='crm',"
        " sslmode='disable', gssencmode='disable'); k = c.cursor();"
        " k.execute('SELECT id, sfzh, mobile FROM customers ORDER BY id LIMIT 500 OFFSET %%s', (int(sys.argv[1]),));"
        " print(len(k.fetchall()))")


def traffic(ns, rows, home):
    """The queries of the test, one connection each, from the workstation."""
    for page in range(10):  # 5,000 rows pulled in ten queries
        ns.run(ns.client, "/usr/bin/python3", "-c", PULL % (SERVER, PORT, USER, PASSWORD), str(page % 2 * 500),
               capture_output=True)
    seventh = rows[6][2]
    outputs = [psql(ns, "SELECT * FROM customers WHERE id = 7"), psql(ns, "SELECT * FROM customers"),
               psql(ns, f"SELECT name, mobile FROM customers WHERE sfzh = '{seventh}'"),
               psql(ns, "COPY customers (id, name, sfzh, mobile) TO STDOUT"),
               psql(ns, "SELECT * FROM customers WHERE id = 8", ssl="require")]
    script = PREPARED % (SERVER, PORT, USER, PASSWORD,
                         "SELECT id, name, sfzh, mobile FROM customers WHERE id BETWEEN ? AND ?", "1, 500")
    fetched = ns.run(ns.client, "perl", "-e", script, capture_output=True, text=True).stdout
    csv = os.path.join(home, "upload.csv")
    with open(csv, "w") as f:
        f.writelines(f"{1000 + i},{n},{r},{m},{c},{a}\n" for i, n, r, m, c, a in rows[:200])
    with open(csv) as f:
        psql(ns, "COPY imports FROM STDIN WITH (FORMAT csv)", stdin=f)
    return outputs, fetched


def check_replay(sensor, pcap, rows, failures):
    alerts, stats = sensor_alerts(sensor, pcap)
    check_retrievals(alerts, rows, "pgsql", USER, failures, "SELECT id, name, sfzh, mobile FROM customers WHERE id "
                     "BETWEEN $1 AND $2", "SELECT id, sfzh, mobile FROM customers ORDER BY")
    flows = by_query(alerts)
    names = len({r[1] for r in rows})
    copy = flows.get(("COPY customers (id, name, sfzh, mobile) TO STDOUT", "cn_resident_id"), {})
    expect(failures, "COPY TO STDOUT", (copy.get("distinct"), copy.get("records"), copy.get("rows")),
           (1000, 1000, 1000))
    copy_names = flows.get(("COPY customers (id, name, sfzh, mobile) TO STDOUT", "person_name"), {})
    expect(failures, "COPY TO STDOUT names under their header", copy_names.get("distinct"), names)
    if any(a.get("db_query", "").endswith("id = 8") for a in alerts):
        failures.append("the encrypted connection's query was read")
    pgsql = stats["pgsql"]
    expect(failures, "connections, result sets, encrypted, desynchronised",
           (pgsql["connections"], pgsql["result_sets"], pgsql["encrypted"], pgsql["desynchronised"]), (16, 15, 1, 0))
    uploads = [a for a in sensor_alerts(sensor, pcap, "--all-directions")[0]
               if a.get("db_query", "").startswith("COPY imports FROM STDIN") and a["category"] == "cn_resident_id"]
    expect(failures, "COPY FROM STDIN",
           [(a["distinct"], a["direction"], a["src_ip"], a.get("db_user"), a.get("db_query")) for a in uploads],
           [(200, "internal", WORKSTATION, USER, "COPY imports FROM STDIN WITH (FORMAT csv)")])
    return alerts


def main():
    sensor, pcapgen = sys.argv[1], sys.argv[2]
    rows = customers(pcapgen)
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        os.chmod(scratch, 0o755)  # the server runs as postgres
        home = os.path.join(scratch, "pg")
        os.mkdir(home)
        shutil.chown(home, "postgres")
        with Namespaces() as ns, postgresql(ns, home, rows):
            pcap = os.path.join(scratch, "db.pcap")
            (outputs, fetched), seen_live = watched(ns, sensor, pcap, PORT, lambda: traffic(ns, rows, home))
            expect(failures, "rows the clients got", (outputs[1].stdout.count("\n"), fetched), (1000, "500"))
            replayed = check_replay(sensor, pcap, rows, failures)
            if not same_alerts(seen_live, replayed):
                failures.append(f"live alerts differ from the replay's: {len(seen_live)} live, "
                                f"{len(replayed)} replayed")
            night = [a for a in sensor_alerts(sensor, at_night(pcap, scratch))[0] if a["event"] == "dlp.bulk_access"]
            if not night or not all(a.get("off_hours") is True for a in night):
                failures.append("at 02:00 not every retrieval is off hours")
    return report(failures, " (PostgreSQL: SELECT *, a lookup, COPY out and in, the extended protocol, TLS, "
                            "10 pulls, live and night)")


if __name__ == "__main__":
    sys.exit(main())
