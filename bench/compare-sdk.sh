#!/usr/bin/env bash
# Our signature verification against the official Node SDKs' signing of the same requests (the accept-verdict
# requests of tests/fixtures/vectors/signatures.json). Prints per scheme the time per operation of each side, and
# as its last lines `ratio: X` per scheme (the SDK's time per operation / ours).
# Usage: bench/compare-sdk.sh [iterations]   (env: AUTHORIZER_BENCH_CACHE)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
iterations="${1:-20000}"

vectors="$repo/tests/fixtures/vectors/signatures.json"
[[ -f "$vectors" ]] || { echo "compare-sdk: $vectors is missing" >&2; exit 1; }

cache="${AUTHORIZER_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/authorizer-bench}/node"
mkdir -p "$cache"
if ! cmp -s "$here/node/package.json" "$cache/package.json" || [[ ! -d "$cache/node_modules/aliyun-api-gateway" ]]; then
  cp "$here/node/package.json" "$cache/package.json"
  (cd "$cache" && npm install --no-audit --no-fund --loglevel=error >&2)
fi

echo "building the .NET side (Release)..." >&2
dotnet build "$here/Authorizer.Benchmarks" -c Release --nologo -v q >&2
ours_json="$(dotnet "$here/Authorizer.Benchmarks/bin/Release/net10.0/Authorizer.Benchmarks.dll" compare-sdk "$vectors" "$iterations")"
theirs_json="$(NODE_PATH="$cache/node_modules" node "$here/node/sign-bench.js" "$vectors" "$iterations")"

node -e '
const ours = JSON.parse(process.argv[1]);
const theirs = JSON.parse(process.argv[2]);
const us = (ns) => (ns / 1000).toFixed(2) + " us/op";
const schemes = Object.keys(theirs);
for (const s of schemes) {
  console.log(`${s}: sdk signing ${us(theirs[s].nsPerOp)} | our verification ${us(ours[s].nsPerOp)} | ` +
    `our whole decision ${us(ours[s].decisionNsPerOp)} (${ours[s].requests} requests)`);
}
for (const s of schemes) {
  console.log(`${s} whole-decision ratio: ${(theirs[s].nsPerOp / ours[s].decisionNsPerOp).toFixed(2)}`);
}
for (const s of schemes) {
  console.log(`${s} ratio: ${(theirs[s].nsPerOp / ours[s].nsPerOp).toFixed(2)}`);
}
' "$ours_json" "$theirs_json"
