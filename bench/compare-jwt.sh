#!/usr/bin/env bash
# The token scheme beside npm JWT libraries on the same ES256 token: BenchmarkDotNet's TokenBenchmarks (raw
# ECDsa.VerifyData floor, first verification, cached repeat, repeat through the warm handler), then jose and
# aws-jwt-verify (bench/node/jwt-bench.js) on the token that run measured; prints ns per verification and ratios.
# Usage: bench/compare-jwt.sh [node-iterations]   (env: AUTHORIZER_BENCH_CACHE)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
iterations="${1:-5000}"

cache="${AUTHORIZER_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/authorizer-bench}/node"
mkdir -p "$cache"
if ! cmp -s "$here/node/package.json" "$cache/package.json" || [[ ! -d "$cache/node_modules/jose" ]] || [[ ! -d "$cache/node_modules/aws-jwt-verify" ]]; then
  cp "$here/node/package.json" "$cache/package.json"
  (cd "$cache" && npm install --no-audit --no-fund --loglevel=error >&2)
fi

dotnet build "$here/Authorizer.Benchmarks" -c Release --nologo -v q >&2
NODE_PATH="$cache/node_modules" dotnet "$here/Authorizer.Benchmarks/bin/Release/net10.0/Authorizer.Benchmarks.dll" compare-jwt "$here/node/jwt-bench.js" "$iterations"
