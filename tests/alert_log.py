"""The suite's alert log: each Python test keeps the alerts it read there
(DLP_ALERT_LOG_DIR, set by ctest), so that tests/schema/validate_alerts.py
checks every alert the suite produced against the schema."""
import json
import os


def kept(alerts):
    """`alerts`, appended to the alert log when there is one."""
    folder = os.environ.get("DLP_ALERT_LOG_DIR")
    if folder and alerts:
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"py-{os.getpid()}.jsonl"), "a") as f:
            for a in alerts:
                f.write(json.dumps(a, ensure_ascii=False) + "\n")
    return alerts
