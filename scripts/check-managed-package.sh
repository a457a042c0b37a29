#!/usr/bin/env bash
# Packages the dotnet10 functions the way `sam build` does and checks what Lambda would load.
#
# SAM's dotnet workflow (aws-lambda-builders dotnet_clipackage) runs, in the function's CodeUri:
#   dotnet lambda package --output-package X.zip --function-architecture arm64 --msbuild-parameters "--runtime linux-arm64"
# and Amazon.Lambda.Tools turns that into (LambdaDotNetCLIWrapper.GetPublishArguments):
#   dotnet publish "<CodeUri>" --output "<dir>" --configuration "Release" --framework "<tfm>" --runtime linux-arm64
#     /p:GenerateRuntimeConfigurationFiles=true --self-contained False
# where <tfm> comes from `dotnet msbuild -getProperty:TargetFramework` or, when that fails, the csproj XML.
# This script runs that publish, then checks that the output holds the handler assembly, its .deps.json and
# .runtimeconfig.json (on Microsoft.NETCore.App 10), and that every handler string in template.yaml resolves by
# reflection on the published assemblies (scripts/handler-check).
# Last line: "managed package: ok" or "managed package: N problems". Exit 1 on any problem.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

problems=0
fail() { echo "FAIL $*"; problems=$((problems + 1)); }

# The managed functions share the Globals CodeUri (no function overrides it but the native one).
code_uri=$(awk '/^Globals:/ {g=1} /^Resources:/ {g=0} g && /^    CodeUri:/ {print $2; exit}' template.yaml)
code_uri=${code_uri%/}
project=$(ls "$code_uri"/*.csproj 2>/dev/null | head -n 1)
[ -n "$project" ] || { echo "managed package: no project in CodeUri '$code_uri'"; exit 1; }
assembly=$(basename "$project" .csproj)

# What Amazon.Lambda.Tools falls back to: <TargetFramework> in the project file itself.
framework=$(sed -n 's:.*<TargetFramework>\([^<]*\)</TargetFramework>.*:\1:p' "$project" | head -n 1)
if [ -z "$framework" ] && [ -f "$code_uri/aws-lambda-tools-defaults.json" ]; then
  framework=$(sed -n 's/.*"framework"[^"]*"\([^"]*\)".*/\1/p' "$code_uri/aws-lambda-tools-defaults.json" | head -n 1)
fi
[ -n "$framework" ] || { echo "managed package: $project names no TargetFramework; Amazon.Lambda.Tools stops with 'Missing required parameter: --framework'"; exit 1; }

# Every managed function's architecture, as the template gives it (no Globals default any more).
architectures=$(awk '
  /^  [A-Za-z0-9]+:$/ { fn = $1 }
  /^      Runtime: / { runtime[fn] = $2 }
  /^      Architectures: / { arch[fn] = $0 }
  /^    Type: AWS::Serverless::Function/ { functions[fn] = 1 }
  END { for (f in functions) if (runtime[f] == "") { a = arch[f]; gsub(/.*\[|\].*/, "", a); print a } }
' template.yaml | sort -u)
if [ "$(printf '%s\n' "$architectures" | grep -c .)" -ne 1 ]; then
  fail "the dotnet10 functions do not share one architecture: $(echo $architectures)"
fi
case "$architectures" in
  arm64) runtime=linux-arm64 ;;
  x86_64) runtime=linux-x64 ;;
  *) fail "architecture '$architectures' is neither arm64 nor x86_64"; runtime=linux-arm64 ;;
esac

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "dotnet publish \"$code_uri\" --output <tmp> --configuration Release --framework $framework --runtime $runtime /p:GenerateRuntimeConfigurationFiles=true --self-contained False"
if ! dotnet publish "$code_uri" --output "$out/publish" --configuration "Release" --framework "$framework" \
    /p:GenerateRuntimeConfigurationFiles=true --runtime "$runtime" --self-contained False -nologo -v:q >"$out/publish.log" 2>&1; then
  tail -n 30 "$out/publish.log"
  echo "managed package: publish failed"
  exit 1
fi

for file in "$assembly.dll" "$assembly.deps.json" "$assembly.runtimeconfig.json"; do
  [ -f "$out/publish/$file" ] && echo "ok   $file" || fail "$file is not in the package"
done
if [ -f "$out/publish/$assembly.runtimeconfig.json" ]; then
  if grep -q '"Microsoft.NETCore.App"' "$out/publish/$assembly.runtimeconfig.json" &&
     grep -q '"version": "10\.' "$out/publish/$assembly.runtimeconfig.json"; then
    echo "ok   runtimeconfig: Microsoft.NETCore.App 10"
  else
    fail "$assembly.runtimeconfig.json does not name Microsoft.NETCore.App 10: $(tr -d '\n ' <"$out/publish/$assembly.runtimeconfig.json")"
  fi
fi

mapfile -t handlers < <(sed -n 's/^      Handler: *\([^ #]*::[^ #]*\).*/\1/p' template.yaml)
if [ "${#handlers[@]}" -eq 0 ]; then
  fail "template.yaml names no Assembly::Type::Method handler"
else
  if dotnet build scripts/handler-check -c Release -nologo -v:q >"$out/check-build.log" 2>&1; then
    dotnet scripts/handler-check/bin/Release/net10.0/handler-check.dll "$out/publish" "${handlers[@]}" || problems=$((problems + 1))
  else
    tail -n 20 "$out/check-build.log"
    fail "handler-check does not build"
  fi
fi

if [ "$problems" -eq 0 ]; then
  echo "managed package: ok (${#handlers[@]} handlers, $runtime, $framework)"
else
  echo "managed package: $problems problems"
  exit 1
fi
