using Authorizer.Core.Decisions;
using Authorizer.Core.Requests;
using Authorizer.Core.Signing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Authorizer.Core.Tests.Support.TestWorld;

namespace Authorizer.Core.Tests;

/// <summary>Whatever the path and query hold, a request signed by the client signer verifies, and a changed value does not.</summary>
public sealed class SigningPropertyTests
{
    [Property(MaxTest = 150)]
    public Property Signed_requests_with_arbitrary_paths_and_queries_verify(NonEmptyString segment, string[] values, bool sdk)
    {
        // Slashes, backslashes and dot segments are refused by hygiene before any signature check; keep one plain segment.
        var raw = "s" + segment.Get.Replace("/", string.Empty, StringComparison.Ordinal).Replace("\\", string.Empty, StringComparison.Ordinal);
        var path = PercentEncoding.EncodeDecodedPath("/echo/" + raw);
        var query = (values ?? []).Where(v => v is not null).Take(20).Select((v, i) => KeyValuePair.Create("q" + (i % 3), v)).ToList();
        var credentials = sdk ? SigningCredentials.ForSignatureSdk(AppKey, AppSecret) : SigningCredentials.ForSignatureCa(AppKey, AppSecret);

        var world = CreateAsync().GetAwaiter().GetResult();
        var signable = new SignableRequest("GET", path, query, [KeyValuePair.Create("host", "api.example.com")]);
        var headers = signable.Headers.Concat(world.Signer.Sign(signable, credentials)).ToList();

        var accepted = world.AuthorizeAsync(Build(path, query, headers)).AsTask().GetAwaiter().GetResult();
        var changedQuery = query.Append(KeyValuePair.Create("q9", "x")).ToList();
        var rejected = world.AuthorizeAsync(Build(path, changedQuery, headers)).AsTask().GetAwaiter().GetResult();

        return (accepted.Outcome == DecisionOutcome.Allow && rejected.ErrorCode == ErrorCodes.InvalidSignature)
            .Label($"path={path} accepted={accepted.ErrorCode}:{accepted.ErrorMessage} rejected={rejected.ErrorCode}");
    }

    [Property(MaxTest = 300)]
    public bool Arn_matcher_star_matches_any_infix(string prefix, string middle, string suffix)
    {
        prefix = Clean(prefix);
        middle = middle ?? string.Empty;
        suffix = Clean(suffix);
        return ResourceArnMatcher.Matches(prefix + "*" + suffix, prefix + middle + suffix);
    }

    private static string Clean(string? value) => (value ?? string.Empty).Replace("*", string.Empty, StringComparison.Ordinal).Replace("?", string.Empty, StringComparison.Ordinal);

    private static AuthRequest Build(string path, IReadOnlyList<KeyValuePair<string, string>> query, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var map = new HeaderMap();
        foreach (var header in headers)
        {
            map.Add(header.Key, header.Value);
        }

        var queryMap = new QueryMap();
        foreach (var pair in query)
        {
            queryMap.Add(pair.Key, pair.Value);
        }

        Assert.True(ApiTarget.TryParse($"arn:aws:execute-api:us-east-1:123456789012:{ApiId}/{Stage}/GET/echo/x", out var target));
        return new AuthRequest { Kind = EventKind.RestRequest, Method = "GET", Path = path, Headers = map, Query = queryMap, Target = target };
    }
}
