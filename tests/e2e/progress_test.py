#!/usr/bin/env python3
"""The progress line of a replay, under a pseudo-terminal: with standard
error a terminal and the alerts in a file, the line appears, is redrawn in
place as the replay goes (its share rising), reaches 100% and its last
alert counts are the alerts written, which are untouched JSON lines; with
standard error a file, or --no-progress, or the alerts on the same
terminal, there is none; --progress draws it into a file too.
Prints 'N passed, N failed'.
usage: progress_test.py SENSOR GENERATED_DIR"""
import collections
import json
import os
import pty
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from alert_log import kept  # noqa: E402
from report import report  # noqa: E402

LINE = re.compile(r"^ *(\d+\.\d)% .* \| alerts: (\d+) severe, (\d+) critical, (\d+) warning, (\d+) info$")


def expect(failures, what, got, want):
    if got != want:
        failures.append(f"{what}: {got!r}, expected {want!r}")


def run(command, stdout, tty_stderr):
    """The sensor with standard error on a new pseudo-terminal (or a pipe): what the terminal showed."""
    if not tty_stderr:
        return subprocess.run(command, stdout=stdout, stderr=subprocess.PIPE, text=True).stderr
    master, slave = pty.openpty()
    out = stdout if stdout is not None else slave
    proc = subprocess.Popen(command, stdout=out, stderr=slave)
    os.close(slave)
    shown = b""
    while True:
        try:
            part = os.read(master, 65536)
        except OSError:  # the terminal's other side closed
            break
        if not part:
            break
        shown += part
    proc.wait()
    os.close(master)
    return shown.decode("utf-8", "replace")


def progress_states(shown):
    """Each drawing of the line: (percent, alert counts by severity)."""
    states = []
    for piece in re.split(r"[\r\n]", shown):
        m = LINE.match(piece.replace("\x1b[K", ""))
        if m:
            states.append((float(m.group(1)), tuple(int(g) for g in m.group(2, 3, 4, 5))))
    return states


def main(sensor, generated):
    failures = []
    # One worker: the capture thread reads every packet itself, so the line follows the whole replay.
    replay = [sensor, "--alert-format", "json", "--workers", "1"]
    for _ in range(200):
        replay += ["--read", os.path.join(generated, "tiny_segments.pcap")]
    plain = subprocess.run(replay, capture_output=True, text=True).stdout.splitlines()
    with tempfile.TemporaryDirectory() as home:
        alerts_path = f"{home}/alerts.json"
        with open(alerts_path, "w") as alerts_file:
            shown = run(replay, alerts_file, True)
        alerts = kept([json.loads(line) for line in open(alerts_path)])
        states = progress_states(shown)
        shares = [s for s, _ in states]
        expect(failures, "drawn at least 3 times, rising, ending at 100%",
               (len(states) >= 3, shares == sorted(shares), shares[-1] if shares else None, len(set(shares)) >= 3),
               (True, True, 100.0, True))
        by_severity = collections.Counter(a["severity"] for a in alerts)
        expect(failures, "the last line counts the alerts written", states[-1][1] if states else None,
               tuple(by_severity[s] for s in ("severe", "critical", "warning", "info")))
        expect(failures, "redrawn in place", "\r" in shown and "\x1b[K" in shown, True)
        expect(failures, "the alerts as without a terminal", [json.loads(line) for line in plain], alerts)

        no_tty = run(replay, subprocess.DEVNULL, False)
        expect(failures, "standard error a file: no line", progress_states(no_tty), [])
        off = run(replay + ["--no-progress"], subprocess.DEVNULL, True)
        expect(failures, "--no-progress: no line", progress_states(off), [])
        same = run(replay, None, True)
        expect(failures, "alerts on the same terminal: no line, the alerts whole",
               (progress_states(same), sum(1 for line in same.splitlines() if line.startswith('{"timestamp"'))),
               ([], len(plain)))
        forced = run(replay + ["--progress"], subprocess.DEVNULL, False)
        expect(failures, "--progress into a file: drawn, ending at 100%",
               progress_states(forced)[-1][0] if progress_states(forced) else None, 100.0)
    return report(failures)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
