"""The ending the Python test drivers share: each failure on a line, then
'N passed, N failed', and the exit code."""


def report(failures, detail=""):
    for f in failures:
        print("FAIL", f)
    print(f"{0 if failures else 1} passed, {len(failures)} failed{detail}")
    return 1 if failures else 0
