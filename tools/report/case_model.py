"""What a case report says, read from the JSON alerts of one or many sensor runs: the evidence the
runs read, what each internal host sent out (dlp.flow, outbound) and each workstation retrieved from
the internal servers (dlp.bulk_access), where it went, and the flows that carried the most. Every
number is a sum of alert fields, so that a reader can check it against the alerts."""
import hashlib
import json
from collections import Counter
from datetime import datetime, timezone

from legal import THRESHOLD, CategoryCount

SENT, RETRIEVED = "dlp.flow", "dlp.bulk_access"
SEVERITIES = ("info", "warning", "critical", "severe")
FLOW_FIELDS = ("src_ip", "src_port", "dst_ip", "dst_port", "proto", "flow_start", "direction")
# What a flow's alert must hold, and of which type, to be summed.
TYPES = {"src_ip": str, "src_port": int, "dst_ip": str, "dst_port": int, "proto": str, "flow_start": str,
         "flow_end": str, "direction": str, "category": str, "distinct": int, "records": int, "bytes": int,
         "score": (int, float), "samples": list}
TEXTS = ("app", "community_id", "tls_sni", "http_host", "destination", "destination_kind")  # where present
FILE_TYPES = {"name": str, "size": int, "linktype": str, "packets": int}


def parse_time(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


def check(alert):
    """Raises ValueError unless `alert` has what the case sums of its kind."""
    if not isinstance(alert, dict) or not isinstance(alert.get("event"), str):
        raise ValueError("no event")
    if alert["event"] in (SENT, RETRIEVED):
        for name, kind in TYPES.items():
            if not isinstance(alert.get(name), kind) or isinstance(alert.get(name), bool):
                raise ValueError(f"no {name} of its type")
        for name in ("flow_start", "flow_end"):
            parse_time(alert[name])
        if alert.get("severity") not in SEVERITIES:
            raise ValueError("no severity")
        for t in "abc":
            if not isinstance(alert.get(f"tier_{t}_records", 0), int):
                raise ValueError(f"tier_{t}_records is not a number")
        if not all(isinstance(s, str) for s in alert["samples"]):
            raise ValueError("a sample is not text")
        if not all(isinstance(alert.get(name, ""), str) for name in TEXTS):
            raise ValueError("a name is not text")
        if alert.get("legal_tier", "C") not in THRESHOLD:
            raise ValueError("no legal tier of Art. 5")
    if alert["event"] == "dlp.replay_summary":
        files, settings = alert.get("files"), alert.get("settings", {})
        if not isinstance(files, list) or not isinstance(settings, dict) or not all(
                isinstance(f, dict) and all(isinstance(f.get(k), t) for k, t in FILE_TYPES.items()) for f in files):
            raise ValueError("a replay summary without its files")


class Flow:
    """One direction of one flow, over its alerts (one per category)."""

    def __init__(self, alert):
        self.alert = alert  # the first: addresses, application, names
        self.bytes = alert["bytes"]
        self.values = self.records = 0
        self.score = 0.0
        self.severity = "info"  # the highest of its alerts'
        self.categories = []

    def add(self, alert):
        self.values += alert["distinct"]
        self.records += alert["records"]
        self.score = max(self.score, alert["score"])
        self.severity = max(self.severity, alert["severity"], key=SEVERITIES.index)
        self.categories.append(alert["category"])

    def names(self):
        a = self.alert
        return [n for n in (a.get("tls_sni"), a.get("http_host"), a.get("destination")) if n]


class Party:
    """An internal host: what it sent, or (for retrievals) what it received from the servers."""

    def __init__(self, address):
        self.address = address
        self.categories = {}
        self.flows = {}
        self.peers = set()
        self.first = self.last = None

    def add(self, alert, flow_key, peer):
        name = alert["category"]
        count = self.categories.setdefault(name, CategoryCount(name, alert.get("legal_tier")))
        count.add(alert)
        self.flows.setdefault(flow_key, Flow(alert)).add(alert)
        self.peers.add(peer)
        start, end = parse_time(alert["flow_start"]), parse_time(alert["flow_end"])
        self.first = min(self.first or start, start)
        self.last = max(self.last or end, end)

    def heaviest(self):
        """Its category whose count reaches the highest line: one person's record holds values of
        several categories, so categories are not added together."""
        return max(self.categories.values(), key=lambda c: (c.score(), c.category))

    def values(self):
        return sum(c.values() for c in self.categories.values())

    def records(self):
        return sum(c.record_count() for c in self.categories.values())

    def bytes(self):
        return sum(f.bytes for f in self.flows.values())


class Destination:
    def __init__(self, address):
        self.address = address
        self.names, self.kinds, self.senders = set(), set(), set()
        self.flows = set()
        self.bytes = self.values = self.records = 0


class Case:
    def __init__(self):
        self.inputs = []  # (file name, SHA-256, alerts read)
        self.problems = []  # "file:line: what"
        self.events = Counter()
        self.duplicates = 0
        self.replays = []
        self.senders, self.retrievers, self.pullers = {}, {}, {}
        self.destinations = {}
        self._seen = set()

    def read(self, path):
        digest, alerts = hashlib.sha256(), 0
        with open(path, "rb") as f:
            for number, raw in enumerate(f, 1):
                digest.update(raw)
                alerts += self._read_line(path, number, raw)
        self.inputs.append((path, digest.hexdigest(), alerts))

    def _read_line(self, path, number, raw):
        if not raw.strip():
            return 0
        try:
            alert = json.loads(raw)
            check(alert)
            key = json.dumps(alert, sort_keys=True)
            if key in self._seen:
                self.duplicates += 1  # the same alert file read twice, or one run's alerts given again
                return 0
            self._seen.add(key)
            self.add(alert)
            return 1
        except (ValueError, KeyError, TypeError) as e:
            self.problems.append(f"{path}:{number}: not an alert of the sensor ({e})")
            return 0

    def add(self, alert):
        event = alert["event"]
        self.events[event] += 1
        if event == "dlp.replay_summary":
            self.replays.append(alert)
        elif event == SENT and alert["direction"] == "outbound" and alert.get("receiver_initiated"):
            # A server's answers to an outside client that asked: what that client pulled, not what the server sent.
            self._add_flow(alert, self.pullers, alert["dst_ip"], alert["src_ip"])
        elif event == SENT and alert["direction"] == "outbound":
            self._add_flow(alert, self.senders, alert["src_ip"], alert["dst_ip"])
            self._add_destination(alert)
        elif event == RETRIEVED:
            self._add_flow(alert, self.retrievers, alert["dst_ip"], alert["src_ip"])

    def _add_flow(self, alert, parties, host, peer):
        key = tuple(alert[f] for f in FLOW_FIELDS)
        parties.setdefault(host, Party(host)).add(alert, key, peer)

    def _add_destination(self, alert):
        d = self.destinations.setdefault(alert["dst_ip"], Destination(alert["dst_ip"]))
        key = tuple(alert[f] for f in FLOW_FIELDS)
        if key not in d.flows:
            d.flows.add(key)
            d.bytes += alert["bytes"]
        d.values += alert["distinct"]
        d.records += alert["records"]
        d.senders.add(alert["src_ip"])
        d.names.update(n for n in (alert.get("tls_sni"), alert.get("http_host"), alert.get("destination")) if n)
        if alert.get("destination_kind"):
            d.kinds.add(alert["destination_kind"])

    def hosts(self, parties):
        """Highest line first, then most values."""
        return sorted(parties.values(), key=lambda p: (-p.heaviest().score(), -p.values(), p.address))

    def top_destinations(self, n=10):
        return sorted(self.destinations.values(), key=lambda d: (-d.values, -d.bytes, d.address))[:n]

    def heaviest_flows(self, n=10):
        flows = [f for p in self.senders.values() for f in p.flows.values()]
        return sorted(flows, key=lambda f: (-f.score, -f.values, -f.bytes, f.alert["flow_start"]))[:n]

    def category_totals(self):
        """Over every host: distinct values, records and alerts per category."""
        totals = {}
        for p in self.senders.values():
            for c in p.categories.values():
                t = totals.setdefault(c.category, [0, 0, 0])
                t[0] += c.values()
                t[1] += c.record_count()
                t[2] += c.alerts
        return dict(sorted(totals.items()))
