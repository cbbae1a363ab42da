#!/usr/bin/env bash
# Runs every fuzz target for a bounded time and fails on any finding.
#
#   bash fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 60 s, all targets)
#
# Environment: PYTHON (default: the venv's python next to this repo, else python3),
# FUZZ_ARTIFACTS (default: fuzz-artifacts/ at the repo root; crash-*, timeout-*,
# oom-*, leak-* files, the working corpora and one log per target land there),
# FUZZ_TIMEOUT (seconds per input, default 10).
#
# Each target starts from the seed corpus (fuzz/make_corpus.py), with -seed=1,
# -timeout=10 (a hang or a quadratic blow-up on amplified input), and
# -rss_limit_mb=2048.  For each target the script prints the number of
# executions (libFuzzer's final "Done N runs in T second(s)" line); it exits
# non-zero when any target crashed, raised, timed out, ran out of memory or
# leaked (libFuzzer's exit status, plus any artifact file it wrote), or when
# the compiled engine is missing for the differential target.
set -uo pipefail

cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-60}"
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(fuzz_loads fuzz_roundtrip fuzz_typed fuzz_differential)
fi

if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
ART="${FUZZ_ARTIFACTS:-fuzz-artifacts}"
mkdir -p "$ART"

if ! "$PYTHON" -c "import atheris" 2>/dev/null; then
  echo "fuzz/run.sh: atheris is not installed for $PYTHON (pip install atheris)" >&2
  exit 2
fi

# Fresh working corpora, seeded deterministically (the seed files never change).
rm -rf "$ART/corpus"
"$PYTHON" fuzz/make_corpus.py "$ART/corpus" >/dev/null || { echo "make_corpus failed" >&2; exit 2; }

status=0
summary=()
for target in "${TARGETS[@]}"; do
  log="$ART/$target.log"
  printf '\n=== %s: %s s ===\n' "$target" "$SECONDS_PER_TARGET"
  marker="$ART/.$target.started"
  touch "$marker"
  "$PYTHON" "fuzz/$target.py" \
    -seed=1 \
    -max_total_time="$SECONDS_PER_TARGET" \
    -timeout="${FUZZ_TIMEOUT:-10}" \
    -rss_limit_mb=2048 \
    -print_final_stats=1 \
    -artifact_prefix="$ART/$target-" \
    "$ART/corpus/$target" >"$log" 2>&1
  rc=$?
  runs=$(grep -oE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | awk '{print $2}')
  secs=$(grep -oE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | awk '{print $5}')
  # A run that stopped on a finding prints no "Done" line; its final stats say how far it got.
  executed=${runs:-$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$log" | tail -1 | awk '{print $2}')}
  # Artifacts this run wrote (slow-unit-* files are a report, not a finding).
  new_artifacts() {
    find "$ART" -maxdepth 1 -type f -newer "$marker" \
      \( -name "$target-crash-*" -o -name "$target-timeout-*" -o -name "$target-oom-*" -o -name "$target-leak-*" \)
  }
  findings=$(new_artifacts | wc -l)
  if [ "$rc" -ne 0 ] || [ -z "$runs" ] || [ "$findings" -ne 0 ]; then
    status=1
    echo "FAILED: $target (exit status $rc); last lines of $log:"
    tail -40 "$log"
    new_artifacts | sed "s|^|  artifact: |"
    summary+=("$target: FAILED after ${executed:-?} executions (exit $rc, $findings artifact(s))")
  else
    summary+=("$target: ${runs} executions in ${secs} s, no findings")
  fi
  echo "${summary[-1]}"
done

printf '\n=== fuzzing summary ===\n'
printf '%s\n' "${summary[@]}"
exit $status
