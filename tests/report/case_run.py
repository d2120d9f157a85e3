"""What the case report tests share: the generated case replayed by the sensor, dlp-report run on the
alerts, and the report's tables read back from its HTML (by table id, each row's cells as text)."""
import json
import os
import subprocess
import sys
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "captures"))
sys.path.insert(0, os.path.join(ROOT, "tests"))
import casegen  # noqa: E402
from alert_log import kept  # noqa: E402

DLP_REPORT = os.path.join(ROOT, "tools", "report", "dlp-report")
# The two captures, and the options of the run that reads each.
RUNS = [("case_week.pcap", []), ("case_week_insider.pcap", ["--insider"])]


def replay(sensor, pcap, options, out_path):
    """The sensor's JSON alerts of one capture, written to out_path and kept for the schema check."""
    run = subprocess.run([sensor, "--read", pcap, "--replay-summary", "--alert-format", "json", *options],
                         capture_output=True, text=True, check=True)
    with open(out_path, "w") as f:
        f.write(run.stdout)
    return kept([json.loads(line) for line in run.stdout.splitlines() if line.strip()])


def make_report(alert_files, out_html, *extra):
    return subprocess.run([DLP_REPORT, *alert_files, "--out", out_html, *extra], capture_output=True, text=True)


class Tables(HTMLParser):
    """Every table of a page: {table id: {row id or row number: [cell texts]}}."""

    def __init__(self, text):
        super().__init__()
        self.tables, self._table, self._row, self._cell = {}, None, None, None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = self.tables.setdefault(attrs.get("id"), {})
        elif tag == "tr" and self._table is not None:
            self._row = []
            self._table[attrs.get("id", len(self._table))] = self._row
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables_of(path):
    with open(path, encoding="utf-8") as f:
        return Tables(f.read()).tables


def case_captures(outdir):
    casegen.write_week(os.path.join(outdir, RUNS[0][0]))
    casegen.write_insider(os.path.join(outdir, RUNS[1][0]))
    return [os.path.join(outdir, name) for name, _ in RUNS]
