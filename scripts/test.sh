#!/usr/bin/env bash
# Runs every test project in the solution and prints one closing line, "N passed, N failed, N skipped",
# counted from the TRX files the run wrote, plus, when CHECK_RESULTS names a file of "NAME passed|failed|skipped"
# lines (.ci/run's deployment checks), one result per line. Exits non-zero when anything failed or nothing ran.
set -uo pipefail
cd "$(dirname "$0")/.."

results="${TEST_RESULTS_DIR:-$PWD/TestResults}"
rm -rf "$results"
mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

build_rc=0
dotnet build Authorizer.sln -c Release -nologo -v:q || build_rc=$?
if [ "$build_rc" -ne 0 ]; then
  echo "build failed (exit $build_rc)"
  echo "0 passed, 1 failed"
  exit 1
fi

test_rc=0
dotnet test Authorizer.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" "$@" || test_rc=$?

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); a=$(get aborted); n=$(get notExecuted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
  skipped=$((skipped + ${n:-0}))
done

if [ -n "${CHECK_RESULTS:-}" ] && [ -f "$CHECK_RESULTS" ]; then
  while read -r name outcome; do
    case "$outcome" in
      passed) passed=$((passed + 1)) ;;
      skipped) skipped=$((skipped + 1)); echo "check skipped: $name" ;;
      *) failed=$((failed + 1)); echo "check failed: $name" ;;
    esac
  done <"$CHECK_RESULTS"
fi

test_projects=$(find tests -name '*.Tests.csproj' | wc -l)
if [ "$files" -lt "$test_projects" ]; then
  echo "only $files of $test_projects test projects wrote results"
  failed=$((failed + test_projects - files))
fi
if [ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited $test_rc"
  failed=1
fi

echo "$passed passed, $failed failed, $skipped skipped"
if [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
