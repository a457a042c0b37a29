#!/usr/bin/env bash
# Cold start of the authorizer: process start → first authorizer response, for the JIT build of the runtime host
# (`dotnet bootstrap.dll`) and the Native AOT build (`bootstrap`), both served one event by a minimal Lambda
# Runtime API (bench/node/cold-start.js). The store is a freshly seeded SQLite file with a warm OS file cache;
# the event is a REST TOKEN event with an unknown AppCode (a Deny after a store read).
# Prints each side's samples and median, then `ratio: X` (AOT median / JIT median).
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
work="$out/world"
rm -rf "$work" && mkdir -p "$work"
# A fresh SQLite store and key files; the event carries an AppCode the store does not hold, so the first
# response is a Deny policy that needed the whole composition and a store read.
export AUTHORIZER_SQLITE_PATH="$work/store.db"
export AUTHORIZER_SECRET_KEY_FILE="$work/secret.key"
export AUTHORIZER_TOKEN_KEY_FILE="$work/token.key"
export AUTHORIZER_LOG_LEVEL="Warning"
cat > "$work/event.json" <<'JSON'
{"type":"TOKEN","authorizationToken":"APPCODE 0123456789abcdef0123456789abcdef","methodArn":"arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/Prod/GET/orders/42"}
JSON

run() {
  COLD_START_EXPECT='"Deny"' node "$here/node/cold-start.js" "$work/event.json" "$reps" -- "$@"
}
median() { node -e 'console.log(JSON.parse(process.argv[1]).medianMs)' "$1"; }

jit="$(run dotnet "$out/jit/bootstrap.dll")"
aot="$(run "$out/aot/bootstrap")"
echo "jit: $jit"
echo "aot: $aot"
jit_ms="$(median "$jit")"
aot_ms="$(median "$aot")"
echo "jit median: ${jit_ms} ms"
echo "aot median: ${aot_ms} ms"
node -e 'const [a, j] = process.argv.slice(1).map(Number); console.log(`ratio: ${(a / j).toFixed(3)} (aot/jit; jit is ${(j / a).toFixed(1)}x slower)`)' "$aot_ms" "$jit_ms"
