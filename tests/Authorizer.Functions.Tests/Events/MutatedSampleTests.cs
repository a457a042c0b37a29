using System.Diagnostics;
using System.Text;
using Authorizer.Core.Decisions;
using FsCheck;
using FsCheck.Fluent;

namespace Authorizer.Functions.Tests.Events;

/// <summary>
/// Random byte-level damage to the real sample events (a byte replaced, JSON punctuation, escapes or members
/// inserted, ranges deleted or repeated, the end cut off; one to four at a time): the one-pass parser refuses or
/// accepts each exactly as the contract path does, throws nothing but <see cref="InvalidEventException"/>, takes
/// bounded time, and the handler never answers Allow to a damaged event unless the contract path reads it as
/// the very request that was allowed.
/// </summary>
public sealed class MutatedSampleTests
{
    private const int Cases = 1500;
    private const int HandlerCases = 500;

    // Generous: a parse takes microseconds; this only catches a hang or a quadratic blow-up, on a loaded machine.
    private static readonly TimeSpan MaxPerEvent = TimeSpan.FromSeconds(2);

    private static readonly byte[][] Samples = [.. TestFiles.AwsEventFiles().Concat(RepositoryFiles.SampleEvents())
        .Where(IsAuthorizerEvent).Select(File.ReadAllBytes)];

    private static readonly byte[][] Snippets =
    [
        .. new[]
        {
            "\"", "\\", "{", "}", "[", "]", ",", ":", " ", "null", "0", "-1e999", "true", "\\u0000", "\\uD800", "\\u0022",
            "\\n", ",\"x\":1", ",\"headers\":{}", ",\"type\":\"TOKEN\"", ",\"version\":\"2.0\"", "{\"a\":1,\"a\":2}", "\"\":\"\"",
            "/*c*/", "\uFEFF", "é", "😀",
        }.Select(Encoding.UTF8.GetBytes),
        [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0x00], [0x80],
    ];

    [Fact]
    public void Damaged_samples_are_refused_or_accepted_as_the_contract_path_does_and_fast()
    {
        var accepted = 0;
        var refused = 0;
        Check.One(
            PropertyRun.Config(Cases, 311),
            Prop.ForAll(Damage().ToArbitrary(), damaged =>
            {
                var payload = damaged.Bytes;
                var watch = Stopwatch.StartNew();
                var actual = ParserOracle.Fast(payload);
                watch.Stop();
                Assert.True(watch.Elapsed < MaxPerEvent, $"took {watch.Elapsed} on {Encoding.UTF8.GetString(payload)}");
                var expected = ParserOracle.Reference(payload);
                _ = expected == ParserOracle.Rejected ? refused++ : accepted++;
                Assert.Equal(expected, actual);
            }));

        // Both outcomes must be well represented, or the property compared little.
        Assert.True(accepted >= Cases / 20 && refused >= Cases / 4, $"accepted {accepted}, refused {refused}");
    }

    [Fact]
    public void The_handler_answers_damaged_samples_without_an_unhandled_error_and_never_allows_a_request_it_was_not_shown()
    {
        // Each sample's own request (as the contract path reads it) is the only one the authorizer allows.
        var allowed = Samples.Select(ParserOracle.Reference).Where(d => d != ParserOracle.Rejected).Select(WithoutRequestId)
            .ToHashSet(StringComparer.Ordinal);
        var principal = new AuthPrincipal("app-1", "Demo app", "key-1", "app-basic", "auth-1", null);
        var authorizer = new FakeAuthorizer(request =>
            allowed.Contains(WithoutRequestId(ParserOracle.Describe(request, null)))
                ? AuthDecision.Allow(principal, [request.Target.Arn])
                : AuthDecision.Deny(request.Target.Arn, ErrorCodes.InvalidSignature, "Invalid Signature", "app-basic"));
        var (function, _) = HandlerTests.Create(authorizer, Settings.HttpApiResponseFormat.Simple);
        var allows = 0;

        Check.One(
            PropertyRun.Config(HandlerCases, 312),
            Prop.ForAll(Damage().ToArbitrary(), damaged =>
            {
                var payload = damaged.Bytes;
                string response;
                try
                {
                    using var output = function.Handler(new MemoryStream(payload, writable: false)).GetAwaiter().GetResult();
                    using var reader = new StreamReader(output);
                    response = reader.ReadToEnd();
                }
                catch (Exception ex) when (ex is InvalidEventException or UnauthorizedException)
                {
                    return;
                }

                if (!response.Contains("\"Allow\"", StringComparison.Ordinal) && !response.Contains("\"isAuthorized\":true", StringComparison.Ordinal))
                {
                    return;
                }

                allows++;
                var expected = ParserOracle.Reference(payload);
                Assert.NotEqual(ParserOracle.Rejected, expected);
                Assert.Contains(WithoutRequestId(expected), allowed);
            }));

        // Damage that leaves the request intact (inside an unread member, or whitespace) is allowed as the original.
        Assert.True(allows > 0, "no damaged event kept its request; the property compared little");
    }

    private static string WithoutRequestId(string description) =>
        string.Join('\n', description.Split('\n').Where(line => !line.StartsWith("requestId=", StringComparison.Ordinal)));

    /// <summary>A sample with one to four random edits.</summary>
    private static Gen<Damaged> Damage() =>
        from sample in Gen.Choose(0, Samples.Length - 1)
        from edits in Gen.ListOf(Edit(), 4)
        from count in Gen.Choose(1, 4)
        select new Damaged(Apply(Samples[sample], edits.Take(count)));

    private static Gen<(int Op, int Position, int Length, int Snippet)> Edit() =>
        from op in Gen.Choose(0, 5)
        from position in Gen.Choose(0, int.MaxValue)
        from length in Gen.Choose(1, 24)
        from snippet in Gen.Choose(0, Snippets.Length - 1)
        select (op, position, length, snippet);

    private static byte[] Apply(byte[] sample, IEnumerable<(int Op, int Position, int Length, int Snippet)> edits)
    {
        var bytes = new List<byte>(sample);
        foreach (var (op, position, length, snippet) in edits)
        {
            if (bytes.Count == 0)
            {
                break;
            }

            var at = position % bytes.Count;
            var span = Math.Min(length, bytes.Count - at);
            switch (op)
            {
                case 0:
                    bytes.RemoveRange(at, 1);
                    bytes.InsertRange(at, Snippets[snippet]);
                    break;
                case 1:
                    bytes.InsertRange(at, Snippets[snippet]);
                    break;
                case 2:
                    bytes.RemoveRange(at, span);
                    break;
                case 3:
                    bytes.InsertRange(at, bytes.GetRange(at, span));
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    // The samples keep a member per line: a repeated line is most often a repeated member.
                    var start = bytes.LastIndexOf((byte)'\n', at) + 1;
                    var end = bytes.IndexOf((byte)'\n', at);
                    var line = bytes.GetRange(start, (end < 0 ? bytes.Count : end + 1) - start);
                    bytes.InsertRange(start, line);
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>A damaged event; shown as text when a property fails.</summary>
    public sealed record Damaged(byte[] Bytes)
    {
        public override string ToString() => Encoding.UTF8.GetString(Bytes);
    }

    private static bool IsAuthorizerEvent(string file)
    {
        var name = Path.GetFileName(file);
        return (name.StartsWith("rest-", StringComparison.Ordinal) || name.StartsWith("http-", StringComparison.Ordinal))
            && !name.Contains("proxy", StringComparison.Ordinal) && !name.Contains("response", StringComparison.Ordinal);
    }
}
