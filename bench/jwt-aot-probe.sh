#!/usr/bin/env bash
# The AOT evidence behind the JWT build-on decision (docs/PERFORMANCE.md, JWT): publishes two tiny consoles as Native
# AOT (linux-x64, stripped, Speed, invariant globalization) that verify the RS256 and ES256 tokens of
# bench/node/jwt-tokens.json — one through Microsoft.IdentityModel.JsonWebTokens, one by hand on
# System.Security.Cryptography — runs both on a good and a tampered token, and prints each one's trim/AOT warning
# count (IL2xxx/IL3xxx) and binary size. The consoles are generated in a temporary folder outside the repository, so
# the repository's central package management does not apply to them.
# Usage: bench/jwt-aot-probe.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version="8.23.0"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

node -e '
const d = require(process.argv[1]);
require("fs").writeFileSync(process.argv[2] + "/jwks.json", JSON.stringify(d.jwks));
const t = [d.tokens.RS256.repeat, d.tokens.ES256.repeat];
t.push(t[1].slice(0, -4) + (t[1].endsWith("AAAA") ? "BBBB" : "AAAA"));
require("fs").writeFileSync(process.argv[2] + "/args", [d.issuer, d.audience, ...t].join("\n"));
' "$here/node/jwt-tokens.json" "$work"

project() { # name, extra item group
  mkdir -p "$work/$1"
  cat > "$work/$1/$1.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <PublishAot>true</PublishAot>
    <InvariantGlobalization>true</InvariantGlobalization>
    <StripSymbols>true</StripSymbols>
    <OptimizationPreference>Speed</OptimizationPreference>
  </PropertyGroup>
  $2
</Project>
XML
}

project microsoft "<ItemGroup><PackageReference Include=\"Microsoft.IdentityModel.JsonWebTokens\" Version=\"$version\" /></ItemGroup>"
cat > "$work/microsoft/Program.cs" <<'CS'
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
var a = File.ReadAllLines(args[1]);
var handler = new JsonWebTokenHandler();
var p = new TokenValidationParameters { ValidIssuer = a[0], ValidAudience = a[1], IssuerSigningKeys = new JsonWebKeySet(File.ReadAllText(args[0])).GetSigningKeys(), ValidAlgorithms = ["RS256", "ES256"] };
foreach (var t in a.Skip(2)) Console.WriteLine((await handler.ValidateTokenAsync(t, p)).IsValid);
CS

project floor ""
cat > "$work/floor/Program.cs" <<'CS'
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
var a = File.ReadAllLines(args[1]);
using var doc = JsonDocument.Parse(File.ReadAllText(args[0]));
using var rsa = RSA.Create();
using var ec = ECDsa.Create();
foreach (var k in doc.RootElement.GetProperty("keys").EnumerateArray())
{
    byte[] B(string n) => Base64Url.DecodeFromChars(k.GetProperty(n).GetString());
    if (k.GetProperty("kty").GetString() == "RSA") rsa.ImportParameters(new RSAParameters { Modulus = B("n"), Exponent = B("e") });
    else ec.ImportParameters(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = B("x"), Y = B("y") } });
}
foreach (var t in a.Skip(2))
{
    var dot = t.LastIndexOf('.');
    var input = Encoding.ASCII.GetBytes(t[..dot]);
    var sig = Base64Url.DecodeFromChars(t.AsSpan(dot + 1));
    using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(t.AsSpan(0, t.IndexOf('.'))));
    Console.WriteLine(header.RootElement.GetProperty("alg").GetString() == "RS256"
        ? rsa.VerifyData(input, sig, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
        : ec.VerifyData(input, sig, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
}
CS

for name in microsoft floor; do
  echo "publishing $name (Native AOT)..." >&2
  dotnet publish "$work/$name" -c Release -r linux-x64 -o "$work/$name/out" --nologo > "$work/$name.log" 2>&1 \
    || { cat "$work/$name.log" >&2; exit 1; }
  warnings="$({ grep -E 'warning IL[0-9]+' "$work/$name.log" || true; } | sort -u | wc -l)"
  results="$("$work/$name/out/$name" "$work/jwks.json" "$work/args" | tr '\n' ' ')"
  echo "$name: $warnings trim/AOT warnings, binary $(stat -c %s "$work/$name/out/$name") bytes, verifies RS256 ES256 tampered: $results"
done
