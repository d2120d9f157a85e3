#!/usr/bin/env python3
"""Every alert the test suite produced (the alert log of DLP_ALERT_LOG_DIR,
or the folder given) against schema/alert.schema.json, with Debian's
python3-jsonschema: a field the schema does not name, a missing one or a
value of another type fails. With --every-kind, each event kind the schema
lists must have been seen. Prints the count per kind and 'N passed, N failed'.
usage: validate_alerts.py SCHEMA LOG_DIR [--every-kind]"""
import collections
import glob
import json
import os
import sys

import jsonschema


def main(schema_path, folder, *flags):
    schema = json.load(open(schema_path))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    kinds, failures = collections.Counter(), []
    for path in sorted(glob.glob(os.path.join(folder, "*.jsonl"))):
        for number, line in enumerate(open(path, encoding="utf-8"), 1):
            alert = json.loads(line)
            kinds[alert.get("event")] += 1
            for error in validator.iter_errors(alert):
                if len(failures) < 50:
                    failures.append(f"{os.path.basename(path)}:{number}: {alert.get('event')}: "
                                    f"{'/'.join(map(str, error.absolute_path)) or '(alert)'}: {error.message[:200]}")
    for kind, n in sorted(kinds.items()):
        print(f"{kind}: {n}")
    if "--every-kind" in flags:
        for kind in schema["properties"]["event"]["enum"]:
            if not kinds[kind]:
                failures.append(f"no {kind} alert in the suite's log")
    if not kinds:
        failures.append("no alert in the suite's log")
    for f in failures:
        print("FAIL", f)
    print(f"{0 if failures else 1} passed, {len(failures)} failed ({sum(kinds.values())} alerts)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
