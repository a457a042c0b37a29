#!/usr/bin/env bash
# The JWT plug-in's verification (#16) side by side in one run: the .NET sides (the floor, Microsoft.IdentityModel.JsonWebTokens and,
# once it exists, ours) and the npm peers (jose, aws-jwt-verify), all verifying the fixed RS256 and ES256 tokens of
# bench/node/jwt-tokens.json with warm keys. Prints each side's time per verification, distinct tokens and a repeated
# token, then as its last lines `ratio: X` per algorithm, peer and row (the peer's time per op / the .NET side's).
# (bench/compare-jwt.sh is the token scheme's own ES256 tokens against the npm libraries.)
# Usage: bench/compare-jwt-plugin.sh [iterations]   (env: AUTHORIZER_BENCH_CACHE)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
iterations="${1:-5000}"
fixture="$here/node/jwt-tokens.json"

cache="${AUTHORIZER_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/authorizer-bench}/node"
mkdir -p "$cache"
if ! cmp -s "$here/node/package.json" "$cache/package.json" || [[ ! -d "$cache/node_modules/jose" ]]; then
  cp "$here/node/package.json" "$cache/package.json"
  (cd "$cache" && npm install --no-audit --no-fund --loglevel=error >&2)
fi

echo "building the .NET side (Release)..." >&2
dotnet build "$here/Authorizer.Benchmarks" -c Release --nologo -v q >&2
dotnet_json="$(dotnet "$here/Authorizer.Benchmarks/bin/Release/net10.0/Authorizer.Benchmarks.dll" jwt-plugin-compare "$iterations")"
node_json="$(NODE_PATH="$cache/node_modules" node "$here/node/jwt-plugin-bench.js" "$fixture" "$iterations")"

node -e '
const net = JSON.parse(process.argv[1]);
const peers = JSON.parse(process.argv[2]);
const us = (ns) => (ns / 1000).toFixed(2).padStart(8) + " us";
for (const alg of Object.keys(net)) {
  for (const [side, t] of [...Object.entries(net[alg]), ...Object.entries(peers[alg])]) {
    console.log(`${alg} ${side.padEnd(24)} distinct ${us(t.distinctNsPerOp)} | repeat ${us(t.repeatNsPerOp)}`);
  }
}
for (const alg of Object.keys(net)) {
  for (const side of Object.keys(net[alg])) {
    for (const peer of Object.keys(peers[alg])) {
      for (const row of ["distinct", "repeat"]) {
        const r = peers[alg][peer][row + "NsPerOp"] / net[alg][side][row + "NsPerOp"];
        console.log(`${alg} ${row} ratio: ${r.toFixed(2)} (${peer} / ${side})`);
      }
    }
  }
}
' "$dotnet_json" "$node_json"
