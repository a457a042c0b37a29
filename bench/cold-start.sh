#!/usr/bin/env bash
# Cold start of the authorizer with the real first calls: process start → first *allowed* response, for the Native
# AOT build of the runtime host (`bootstrap`) and the JIT build (`dotnet bootstrap.dll`), each served one event by a
# minimal Lambda Runtime API (bench/node/cold-start.js). The store is Amazon DynamoDB Local (the tests' server, Java 17,
# in memory on loopback) with a table created from template.yaml and one seeded app (Authorizer.Benchmarks
# `cold-start-world`); the event is a REST TOKEN event with that app's AppCode, so the first response is an Allow
# policy that needed the whole composition, the DynamoDB client and the first reads.
# Each build runs twice: untraced (the headline figure), then with AUTHORIZER_TRACE_STARTUP=1 for the breakdown.
# Prints each run's samples, medians and peak RSS (VmHWM), the traced phases, then `ratio: X` (AOT median / JIT median).
# Usage: bench/cold-start.sh [repetitions]   (env: AUTHORIZER_BENCH_OUT to keep the builds)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
reps="${1:-7}"
out="${AUTHORIZER_BENCH_OUT:-$here/out/cold-start}"
rid="linux-x64"
case "$(uname -m)" in aarch64|arm64) rid="linux-arm64" ;; esac
mkdir -p "$out"

echo "publishing the runtime host: Native AOT ($rid) and JIT..." >&2
dotnet publish "$repo/src/Authorizer.Runtime" -c Release -r "$rid" -o "$out/aot" --nologo -v q >&2
dotnet publish "$repo/src/Authorizer.Runtime" -c Release -r "$rid" --self-contained false \
  -p:PublishAot=false -o "$out/jit" --nologo -v q >&2
echo "building the DynamoDB Local world (Authorizer.Benchmarks)..." >&2
dotnet build "$here/Authorizer.Benchmarks" -c Release --nologo -v q >&2

work="$out/world"
rm -rf "$work" && mkdir -p "$work"
# The world runs until its standard input closes: a FIFO held open on fd 3 by this script, closed on exit.
mkfifo "$work/hold"
dotnet "$here/Authorizer.Benchmarks/bin/Release/net10.0/Authorizer.Benchmarks.dll" cold-start-world "$work" < "$work/hold" >&2 &
world_pid=$!
exec 3> "$work/hold"
stop_world() { exec 3>&- || true; wait "$world_pid" 2>/dev/null || true; }
trap stop_world EXIT
for _ in $(seq 1 240); do
  [[ -f "$work/world.env" ]] && break
  kill -0 "$world_pid" 2>/dev/null || { echo "cold-start: the DynamoDB Local world failed to start" >&2; exit 1; }
  sleep 0.5
done
[[ -f "$work/world.env" ]] || { echo "cold-start: the DynamoDB Local world did not start within 120 s" >&2; exit 1; }
set -a
# shellcheck disable=SC1091
. "$work/world.env"
set +a
export AUTHORIZER_LOG_LEVEL="Warning"
printf '{"type":"TOKEN","authorizationToken":"APPCODE %s","methodArn":"arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/Prod/GET/orders/42"}\n' \
  "$COLD_START_APPCODE" > "$work/event.json"
# Run from the world folder, so no token key file or store of the caller's working directory is picked up.
cd "$work"

run() {
  COLD_START_EXPECT='"Allow"' node "$here/node/cold-start.js" "$work/event.json" "$reps" -- "$@"
}
field() { node -e 'console.log(JSON.parse(process.argv[1])[process.argv[2]])' "$1" "$2"; }
phases() { node -e 'for (const [k, v] of Object.entries(JSON.parse(process.argv[1]).phasesMs)) console.log(`  ${k}: ${v}`)' "$1"; }

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
jit="$(run dotnet "$out/jit/bootstrap.dll")"
aot="$(run "$out/aot/bootstrap")"
jit_traced="$(COLD_START_TRACE=1 run dotnet "$out/jit/bootstrap.dll")"
aot_traced="$(COLD_START_TRACE=1 run "$out/aot/bootstrap")"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "jit: $jit"
echo "aot: $aot"
echo "jit traced: $jit_traced"
echo "aot traced: $aot_traced"
echo "jit traced phases (medians, ms; traced median total $(field "$jit_traced" medianMs) ms):"
phases "$jit_traced"
echo "aot traced phases (medians, ms; traced median total $(field "$aot_traced" medianMs) ms):"
phases "$aot_traced"
jit_ms="$(field "$jit" medianMs)"
aot_ms="$(field "$aot" medianMs)"
echo "jit median: ${jit_ms} ms, peak RSS $(field "$jit" medianPeakRssMb) MB"
echo "aot median: ${aot_ms} ms, peak RSS $(field "$aot" medianPeakRssMb) MB"
node -e 'const [a, j] = process.argv.slice(1).map(Number); console.log(`ratio: ${(a / j).toFixed(3)} (aot/jit; jit is ${(j / a).toFixed(1)}x slower)`)' "$aot_ms" "$jit_ms"
