#!/usr/bin/env bash
# Replays every capture under a folder through the sensor and checks that it
# survives: exit 0, or exit 1 with one-line errors naming the file; never a
# crash, a hang or a sanitizer report. Ends with 'N passed, N failed'.
# usage: corpus_sweep.sh SENSOR DIR
set -u
sensor=$1
dir=$2
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
while IFS= read -r -d '' f; do
  input=$f
  case $f in
    *.gz) input=$tmp/unpacked.pcap; zcat "$f" >"$input" ;;
  esac
  timeout 300 "$sensor" --read "$input" --all-directions --alert-output /dev/null >/dev/null 2>"$tmp/err"
  rc=$?
  problem=""
  if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
    problem="exit $rc"
  elif grep -qE 'AddressSanitizer|runtime error|LeakSanitizer' "$tmp/err"; then
    problem="sanitizer report"
  elif [ $rc -eq 1 ] && grep -v '^{"event":"stats"' "$tmp/err" | grep -qv "^dlp-sensor: $input: "; then
    problem="error output is not one line naming the file"
  elif ! tail -n 1 "$tmp/err" | grep -q '^{"event":"stats"'; then
    problem="no stats line"
  fi
  if [ -n "$problem" ]; then
    failed=$((failed + 1))
    echo "FAIL $f: $problem"
    head -n 5 "$tmp/err" | sed 's/^/    /'
  else
    passed=$((passed + 1))
  fi
done < <(find "$dir" -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' -o -name '*.pcap.gz' \) -print0 | sort -z)
echo "corpus: $passed passed, $failed failed"
[ $failed -eq 0 ]
