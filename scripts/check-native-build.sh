#!/usr/bin/env bash
# Builds AuthorizerNativeFunction the way `sam build` does and checks the artifact answers Lambda's Runtime API.
#
# SAM's makefile workflow (aws-lambda-builders custom_make): with build_in_source it runs make in CodeUri itself,
# otherwise it first copies CodeUri (minus .aws-sam and .git) to a scratch folder and runs make there:
#   make --makefile <dir>/Makefile build-AuthorizerNativeFunction     (env ARTIFACTS_DIR=<artifacts>, cwd <dir>)
# build_in_source comes from samconfig.toml [default.build.parameters] (or --build-in-source) only.
# Then the artifact must be one executable `bootstrap` for this host's architecture, which the local runner's
# emulated Runtime API (run-native --binary) starts and gets an authorizer answer from.
# Last line: "native build: ok" or "native build: N problems". Exit 1 on any problem.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
root=$PWD
logical_id=AuthorizerNativeFunction

problems=0
fail() { echo "FAIL $*"; problems=$((problems + 1)); }

command -v make >/dev/null 2>&1 || { echo "native build: make is not installed (apt-get install make)"; exit 1; }

code_uri=$(awk -v id="  $logical_id:" '$0 == id {f=1; next} f && /^  [A-Za-z0-9]+:$/ {f=0} f && /^      CodeUri:/ {print $2; exit}' template.yaml)
code_uri=${code_uri%/}
[ -f "$code_uri/Makefile" ] || { echo "native build: no Makefile in $logical_id's CodeUri '$code_uri'"; exit 1; }
in_source=$(awk '/^\[default\.build\.parameters\]/ {s=1; next} /^\[/ {s=0} s && /^build_in_source *=/ {gsub(/.*= */, ""); print}' samconfig.toml)

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
artifacts="$scratch/.aws-sam/build/$logical_id"
mkdir -p "$artifacts"
if [ "$in_source" = "true" ]; then
  workdir="$root/$code_uri"
  echo "build in source (samconfig.toml build_in_source = true): $code_uri"
else
  workdir="$scratch/source"
  mkdir -p "$workdir"
  (cd "$code_uri" && tar --exclude=.aws-sam --exclude=.git -cf - .) | (cd "$workdir" && tar -xf -)
  echo "build in a copy of $code_uri (samconfig.toml has no build_in_source = true)"
fi

echo "make --makefile $code_uri/Makefile build-$logical_id   (ARTIFACTS_DIR=.aws-sam/build/$logical_id)"
if ! (cd "$workdir" && ARTIFACTS_DIR="$artifacts" make --makefile "$workdir/Makefile" "build-$logical_id") >"$scratch/make.log" 2>&1; then
  tail -n 30 "$scratch/make.log"
  echo "native build: make build-$logical_id failed"
  exit 1
fi

listing=$(cd "$artifacts" && ls -A)
[ "$listing" = "bootstrap" ] || fail "the artifact should be exactly 'bootstrap', it holds: $(echo $listing)"
[ -x "$artifacts/bootstrap" ] || fail "bootstrap is not executable"
case "$(uname -m)" in
  x86_64) want="x86-64" ;;
  aarch64 | arm64) want="aarch64" ;;
  *) want="$(uname -m)" ;;
esac
if command -v file >/dev/null 2>&1; then
  description=$(file -b "$artifacts/bootstrap")
  case "$description" in
    *ELF*"$want"*) echo "ok   bootstrap: ${description%%,*}, $want" ;;
    *) fail "bootstrap is not an ELF executable for $want: $description" ;;
  esac
fi

# The runner's local store is SQLite, whose native library the Lambda artifact rightly leaves out (Lambda uses
# DynamoDB): give the probe the package's copy rather than changing the artifact.
rid=$([ "$want" = "aarch64" ] && echo linux-arm64 || echo linux-x64)
sqlite_dir=$(ls -d "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/sqlitepclraw.lib.e_sqlite3/*/runtimes/"$rid"/native 2>/dev/null | tail -n 1)
dotnet build src/Authorizer.Local -c Release -nologo -v:q >"$scratch/local-build.log" 2>&1 || { tail -n 20 "$scratch/local-build.log"; echo "native build: the local runner does not build"; exit 1; }
runner=(dotnet src/Authorizer.Local/bin/Release/net10.0/Authorizer.Local.dll run-native "$logical_id" --binary "$artifacts/bootstrap"
  --store "sqlite:$scratch/store.db" --seed events/seed.json)

answer=$(LD_LIBRARY_PATH="$sqlite_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "${runner[@]}" --event events/rest-request-appcode.json 2>"$scratch/allow.err")
if printf '%s' "$answer" | grep -q '"Effect":"Allow"'; then
  echo "ok   Runtime API: an AppCode request gets an Allow policy"
else
  tail -n 20 "$scratch/allow.err"
  fail "no Allow policy for events/rest-request-appcode.json: $answer"
fi

LD_LIBRARY_PATH="$sqlite_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "${runner[@]}" --event events/rest-request-no-credential.json >"$scratch/none.out" 2>"$scratch/none.err"
rc=$?
if [ "$rc" -eq 1 ] && grep -q '"errorMessage":"Unauthorized"' "$scratch/none.out"; then
  echo "ok   Runtime API: a request without credentials fails with Unauthorized"
else
  fail "expected exit 1 with Unauthorized for events/rest-request-no-credential.json, got $rc: $(cat "$scratch/none.out")"
fi

if [ "$problems" -eq 0 ]; then
  echo "native build: ok ($(uname -m) bootstrap)"
else
  echo "native build: $problems problems"
  exit 1
fi
