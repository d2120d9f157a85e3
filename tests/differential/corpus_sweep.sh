#!/usr/bin/env bash
# Replays every capture under a folder through the sensor and checks that it
# survives: exit 0, or exit 1 with one-line errors naming the file; never a
# crash, a hang or a sanitizer report. Captures run in parallel, one per
# core. Ends with 'corpus: N passed, N failed'.
# usage: corpus_sweep.sh SENSOR DIR [SKIP_DIR]   (SKIP_DIR: a folder under DIR left out)
set -u
export sensor=$1
dir=$2
skip=${3:-}
export work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

check() {
  local f=$1 input=$1 err
  err=$(mktemp -p "$work")
  if [[ $f == *.gz ]]; then
    input=$(mktemp -p "$work" --suffix=.pcap)
    zcat "$f" >"$input"
  fi
  # The compiled signatures are cached: compiling them for each of the
  # thousand captures would cost more than replaying them (under ASan most).
  timeout 300 "$sensor" --read "$input" --all-directions --alert-output /dev/null \
    --signature-cache "$work/signature-cache" >/dev/null 2>"$err"
  local rc=$? problem=""
  if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
    problem="exit $rc"
  elif grep -qE 'AddressSanitizer|runtime error|LeakSanitizer' "$err"; then
    problem="sanitizer report"
  elif [ $rc -eq 1 ] && grep -vE '^\{"event":"(start|stats)"' "$err" | grep -qvF "dlp-sensor: $input: "; then
    problem="error output is not one line naming the file"
  elif ! tail -n 1 "$err" | grep -q '^{"event":"stats"'; then
    problem="no stats line"
  fi
  if [ -n "$problem" ]; then
    echo "FAIL $f: $problem"
    head -n 5 "$err" | sed 's/^/    /'
  else
    echo "PASS $f"
  fi
  rm -f "$err"
  [[ $input != "$f" ]] && rm -f "$input"
  return 0
}
export -f check

find "$dir" -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' -o -name '*.pcap.gz' \) \
  ${skip:+-not -path "$skip/*"} -print0 |
  sort -z | xargs -0 -P "$(nproc)" -n 1 bash -c 'check "$0"' >"$work/results"
grep -v '^PASS ' "$work/results"
passed=$(grep -c '^PASS ' "$work/results")
failed=$(grep -c '^FAIL ' "$work/results")
echo "corpus: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
