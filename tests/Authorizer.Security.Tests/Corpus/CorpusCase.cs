using System.Text.Json;
using Authorizer.Security.Tests.Infrastructure;

namespace Authorizer.Security.Tests.Corpus;

/// <summary>One folder of the canonicalization corpus; see corpus/README.md.</summary>
internal sealed class CorpusCase
{
    public const string SignaturePlaceholder = "{signature}";

    public required string Name { get; init; }
    public required string Description { get; init; }
    public required string Kind { get; init; }
    public required string Method { get; init; }
    public required string Path { get; init; }
    public string? TopLevelPath { get; init; }
    public required string Query { get; init; }
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    /// <summary>Per scheme ("ca", "sdk"): the credential headers, and the expectations; absent = not applicable.</summary>
    public required IReadOnlyDictionary<string, SchemeVariant> Schemes { get; init; }

    public static string Root { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "corpus");

    public static IReadOnlyList<CorpusCase> LoadAll() =>
        Directory.GetDirectories(Root).Order(StringComparer.Ordinal).Select(Load).ToList();

    public static CorpusCase Load(string directory)
    {
        var name = System.IO.Path.GetFileName(directory);
        using var request = JsonDocument.Parse(File.ReadAllBytes(System.IO.Path.Combine(directory, "request.json")));
        using var verdicts = JsonDocument.Parse(File.ReadAllBytes(System.IO.Path.Combine(directory, "verdict.json")));
        var root = request.RootElement;
        var schemes = new Dictionary<string, SchemeVariant>(StringComparer.Ordinal);
        foreach (var scheme in new[] { "ca", "sdk" })
        {
            if (!root.TryGetProperty(scheme, out var headers))
            {
                continue;
            }

            if (!verdicts.RootElement.TryGetProperty(scheme, out var verdict))
            {
                throw new InvalidDataException($"{name}: request has a '{scheme}' variant but verdict.json has none");
            }

            schemes[scheme] = new SchemeVariant
            {
                Scheme = scheme,
                Headers = Pairs(headers),
                Accept = verdict.GetProperty("verdict").GetString() switch
                {
                    "accept" => true,
                    "reject" => false,
                    var other => throw new InvalidDataException($"{name}: verdict '{other}'"),
                },
                Codes = verdict.TryGetProperty("codes", out var codes)
                    ? codes.EnumerateArray().Select(c => c.GetString()!).ToList()
                    : [],
                Expected = ReadOptional(directory, $"expected-{scheme}.txt"),
                Signed = ReadOptional(directory, $"signed-{scheme}.txt"),
            };
        }

        return new CorpusCase
        {
            Name = name,
            Description = root.GetProperty("description").GetString()!,
            Kind = root.GetProperty("kind").GetString()!,
            Method = root.GetProperty("method").GetString()!,
            Path = root.GetProperty("path").GetString()!,
            TopLevelPath = root.TryGetProperty("topLevelPath", out var top) ? top.GetString() : null,
            Query = root.GetProperty("query").GetString()!,
            Headers = Pairs(root.GetProperty("headers")),
            Schemes = schemes,
        };
    }

    /// <summary>The event for one scheme's variant, with the signature computed independently of the product.</summary>
    public EventBuilder BuildEvent(SchemeVariant variant)
    {
        var builder = new EventBuilder
        {
            Kind = Kind,
            Method = Method,
            Path = Path,
            TopLevelPath = TopLevelPath,
            RawQuery = Query,
        };
        foreach (var header in Headers)
        {
            builder.Header(header.Key, header.Value);
        }

        var signature = variant.SignatureValue(this);
        foreach (var header in variant.Headers)
        {
            builder.Header(header.Key, header.Value.Replace(SignaturePlaceholder, signature, StringComparison.Ordinal));
        }

        return builder;
    }

    public override string ToString() => Name;

    private static List<KeyValuePair<string, string>> Pairs(JsonElement array) =>
        array.EnumerateArray()
            .Select(p => new KeyValuePair<string, string>(p[0].GetString()!, p[1].GetString()!))
            .ToList();

    private static string? ReadOptional(string directory, string file)
    {
        var path = System.IO.Path.Combine(directory, file);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }
}

internal sealed class SchemeVariant
{
    public required string Scheme { get; init; }
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }
    public required bool Accept { get; init; }
    public required IReadOnlyList<string> Codes { get; init; }

    /// <summary>The hand-written canonical string (StringToSign or CanonicalRequest); null when none is defined.</summary>
    public string? Expected { get; init; }

    /// <summary>What the client signed when it differs from <see cref="Expected"/> (a lenient server's reading).</summary>
    public string? Signed { get; init; }

    /// <summary>
    /// The signature to send: over <see cref="Signed"/>, else <see cref="Expected"/>; with neither, a well-formed
    /// signature of nothing, so the case's expected code (not a signature mismatch) decides it.
    /// </summary>
    public string SignatureValue(CorpusCase corpusCase)
    {
        var text = Signed ?? Expected;
        if (Scheme == "ca")
        {
            return text is null ? Convert.ToBase64String(new byte[32]) : CorpusSecrets.CaSignature(text);
        }

        var date = Headers.Concat(corpusCase.Headers)
            .LastOrDefault(h => h.Key.Equals("X-Sdk-Date", StringComparison.OrdinalIgnoreCase)).Value ?? string.Empty;
        return text is null ? new string('0', 64) : CorpusSecrets.SdkSignature(text, date);
    }
}
