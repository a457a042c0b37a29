using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Authorizer.Functions.Events;

namespace Authorizer.Functions.Tests.Events;

public sealed class AuthorizerEventParserTests
{
    private const string RestArn = "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/items";

    public static TheoryData<string> SampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in TestFiles.AwsEventFiles().Concat(RepositoryFiles.SampleEvents()))
        {
            data.Add(file);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Every_sample_event_parses_to_the_same_request_as_the_contract_path(string file)
    {
        var payload = File.ReadAllBytes(file);

        var expected = ParserOracle.Reference(payload);

        if (IsAuthorizerEvent(file))
        {
            Assert.NotEqual(ParserOracle.Rejected, expected);
        }

        Assert.Equal(expected, ParserOracle.Fast(payload));
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Every_single_member_mutation_of_a_sample_is_accepted_or_refused_as_the_contract_path_does(string file)
    {
        var payload = File.ReadAllBytes(file);
        using var document = JsonDocument.Parse(payload);
        var members = JsonMutations.CountMembers(document.RootElement);
        var differences = new List<string>();
        var rejected = 0;
        foreach (var kind in Enum.GetValues<MutationKind>())
        {
            for (var member = 0; member < members; member++)
            {
                var mutated = JsonMutations.Mutate(document.RootElement, member, kind);
                var expected = ParserOracle.Reference(mutated);
                rejected += expected == ParserOracle.Rejected ? 1 : 0;
                var actual = ParserOracle.Fast(mutated);
                if (expected != actual)
                {
                    differences.Add(differences.Count < 2
                        ? $"{kind} of member {member}: {Encoding.UTF8.GetString(mutated)}\nexpected:\n{expected}\nactual:\n{actual}"
                        : $"{kind} of member {member}");
                }
            }
        }

        Assert.True(differences.Count == 0, string.Join("\n----\n", differences));
        if (IsAuthorizerEvent(file))
        {
            // Duplicates alone refuse one variant per member: the sweep did exercise refusals.
            Assert.True(rejected >= members, $"only {rejected} of the mutations were refused");
        }
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Every_truncation_of_a_sample_is_refused_by_both_paths(string file)
    {
        var payload = File.ReadAllBytes(file);
        var trimmed = payload.AsSpan().TrimEnd(" \r\n\t"u8).Length;
        for (var length = 0; length < trimmed; length += Math.Max(1, trimmed / 97))
        {
            var prefix = payload[..length];
            Assert.Equal(ParserOracle.Rejected, ParserOracle.Reference(prefix));
            Assert.Equal(ParserOracle.Rejected, ParserOracle.Fast(prefix));
        }
    }

    [Theory]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","extra":1,"extra":2}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","extra":{"a":1,"a":1}}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","extra":[{"a":1},{"b":[{"c":1,"c":2}]}]}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","\u0061":1,"a":2}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","headers":{"X-A":"1","X\u002dA":"2"}}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","requestContext":{"identity":{"sourceIp":"1","sourceIp":"2"}}}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","requestContext":{"authorizer":{"k":1,"k":{}}}}""")]
    [InlineData("""{"type":"TOKEN","methodArn":"ARN","authorizationToken":"a","\u0061uthorizationToken":"b"}""")]
    [InlineData("""{"type":"TOKEN","type":"TOKEN","methodArn":"ARN"}""")]
    [InlineData("""{"version":"2.0","type":"REQUEST","routeArn":"ARN","requestContext":{"http":{"method":"GET","method":"POST"}}}""")]
    [InlineData("""{"version":"2.0","type":"REQUEST","routeArn":"ARN","cookies":["a"],"headers":{},"headers":{}}""")]
    public void Duplicate_names_at_any_level_are_refused(string json)
    {
        var payload = Payload(json);

        Assert.Equal(ParserOracle.Rejected, ParserOracle.Reference(payload));
        Assert.Equal(ParserOracle.Rejected, ParserOracle.Fast(payload));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"REQUEST\"")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN"} {}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN",}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN" /* c */}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","path":1}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","headers":{"a":1}}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","headers":["a"]}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","multiValueHeaders":{"a":"b"}}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","multiValueHeaders":{"a":[1]}}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","multiValueQueryStringParameters":{},"queryStringParameters":{"a":1}}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","requestContext":"x"}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","requestContext":{"authorizer":[]}}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","version":2}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"arn:aws:s3:::bucket"}""")]
    [InlineData("""{"type":"REQUEST"}""")]
    [InlineData("""{"type":"TOKEN","methodArn":"ARN","authorizationToken":{}}""")]
    [InlineData("""{"type":"OTHER","methodArn":"ARN"}""")]
    [InlineData("""{"version":"2.0","type":"REQUEST","routeArn":"ARN","cookies":"a=b"}""")]
    [InlineData("""{"version":"2.0","type":"REQUEST","routeArn":"ARN","cookies":[1]}""")]
    [InlineData("""{"version":"2.0","type":"REQUEST","routeArn":"ARN","identitySource":[{}]}""")]
    [InlineData("""{"version":"2.0","type":"REQUEST","routeArn":"ARN","requestContext":{"http":[]}}""")]
    [InlineData("""{"version":"2.0","type":"REQUEST","routeArn":"ARN","queryStringParameters":{"a":false}}""")]
    [InlineData("""{"version":"2.0","type":"REQUEST","routeArn":"ARN","headers":{"a":"\uD800"}}""")]
    [InlineData("""{"version":"2.0","type":"REQUEST","routeArn":"ARN","headers":{"\uDC00":"a"}}""")]
    [InlineData("""{"version":"2.0","type":"REQUEST","routeArn":"ARN","x\uD800":1}""")]
    public void Malformed_or_mistyped_events_are_refused(string json)
    {
        var payload = Payload(json);

        Assert.Equal(ParserOracle.Rejected, ParserOracle.Reference(payload));
        Assert.Equal(ParserOracle.Rejected, ParserOracle.Fast(payload));
    }

    [Theory]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","headers":null,"multiValueHeaders":null,"requestContext":null}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","headers":{"A":null,"a":"1","B":"2"},"multiValueHeaders":{"b":null,"C":[null,"3"],"c":["4"]}}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","headers":{"x-a":"last"},"multiValueHeaders":{"X-A":["one","two"],"x-e":[]}, "queryStringParameters":{"q":"single"}}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","multiValueQueryStringParameters":{"q":["1",null],"r":null},"queryStringParameters":{"q":"2"}}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","queryStringParameters":{"q":null,"\u0041":"\u00e9"}}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","path":"","httpMethod":"","requestContext":{"path":"/prod/x","httpMethod":"post","requestId":"r-1","identity":{"sourceIp":"1.2.3.4","extra":{"deep":[1,2]}}}}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","extra":"\u00ff\uD83D\uDE00","Headers":{"a":1},"METHODARN":5}""")]
    [InlineData("""{"type":"TOKEN","methodArn":"ARN","authorizationToken":null}""")]
    [InlineData("""{"type":"TOKEN","methodArn":"arn:aws:execute-api:us-east-1:1:a/s/get","authorizationToken":"t"}""")]
    [InlineData("""{"version":"2.0","type":"REQUEST","routeArn":"ARN","cookies":[null],"rawQueryString":"?a=%41&&b&=c&d=%zz+1"}""")]
    [InlineData("""{"version":"2.0","type":"REQUEST","routeArn":"ARN","cookies":["a=1",null,"b=2"],"headers":{"x":"1","X":"2"}}""")]
    [InlineData("""{"version":"2.0","type":"REQUEST","routeArn":"ARN","cookies":["a=1"],"headers":{"Cookie":"c=3"}}""")]
    [InlineData("""{"version":"2.0","type":"REQUEST","routeArn":"ARN","cookies":[],"rawPath":"","requestContext":{"requestId":"id","http":{"method":"put","path":"/a b/é","sourceIp":"::1"}}}""")]
    [InlineData("""{"version":"2.0","routeArn":"ARN","requestContext":{"http":null}}""")]
    [InlineData("""{"version":"1.0","type":"REQUEST","methodArn":"ARN","headers":{"h":"v"}}""")]
    [InlineData("""{"type":"REQUEST","version":"2.0","routeArn":"ARN","methodArn":5}""")]
    public void Edge_cases_parse_to_the_same_request_as_the_contract_path(string json)
    {
        var payload = Payload(json);

        var expected = ParserOracle.Reference(payload);

        Assert.NotEqual(ParserOracle.Rejected, expected);
        Assert.Equal(expected, ParserOracle.Fast(payload));
    }

    [Theory]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","extra":{"x\uD800":1}}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","extra":{"\uD800":1,"\uD800":2}}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","extra":{"\uD83D\uDE00":1,"\ud83d\ude00":2}}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","requestContext":{"authorizer":{"\uD800":1}}}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","pathParameters":{"\uD800":"a"}}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","multiValueQueryStringParameters":{"q":["\uDFFF"]}}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","extra":"\uD800"}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","resource":"\uD800"}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","requestContext":{"accountId":"\uD800"}}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","requestContext":{"identity":{"userAgent":"\uD800"}}}""")]
    [InlineData("""{"version":"2.0","type":"REQUEST","routeArn":"ARN","identitySource":["\uD800"]}""")]
    [InlineData("""{"version":"\uD800","type":"REQUEST","methodArn":"ARN"}""")]
    [InlineData(" \t\r\n{ \"type\" : \"REQUEST\" , \"methodArn\" : \"ARN\" } \n")]
    [InlineData("""\uFEFF{"type":"REQUEST","methodArn":"ARN"}""")]
    // The kind guessed from the first bytes: spaced, escaped, misleading or late markers, all judged by the pass.
    [InlineData(" {\n \"version\" :\t\"2.0\" , \"type\":\"REQUEST\",\"routeArn\":\"ARN\"}")]
    [InlineData("""{"\u0076ersion":"2.0","type":"REQUEST","routeArn":"ARN"}""")]
    [InlineData("""{"version":"2.0x","type":"REQUEST","methodArn":"ARN"}""")]
    [InlineData("""{"version":"2.0","type":"TOKEN","methodArn":"ARN","authorizationToken":"t"}""")]
    [InlineData("""{ "type" : "TOKEN" , "methodArn":"ARN","authorizationToken":"t"}""")]
    [InlineData("""{"type":"TOKEN","version":"2.0","routeArn":"ARN"}""")]
    [InlineData("""{"type":"\u0054OKEN","methodArn":"ARN","authorizationToken":"t"}""")]
    [InlineData("""{"methodArn":"ARN","authorizationToken":"t","type":"TOKEN"}""")]
    [InlineData("""{"type":"TOKEN","methodArn":"ARN","headers":{"a":"b"}}""")]
    [InlineData("""{"version":"2.0","headers":{"a":1},"routeArn":"ARN"}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","headers":{"":"","a":""},"multiValueHeaders":{"":[""]}}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"ARN","extra":1e400,"more":-0.0,"big":123456789012345678901234567890}""")]
    public void Odd_inputs_get_the_same_outcome_as_the_contract_path(string json)
    {
        var payload = Payload(json.Replace("\\uFEFF", "\uFEFF", StringComparison.Ordinal));

        Assert.Equal(ParserOracle.Reference(payload), ParserOracle.Fast(payload));
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_and_at_the_limit_accepted()
    {
        string Nested(int depth) =>
            "{\"type\":\"REQUEST\",\"methodArn\":\"" + RestArn + "\",\"extra\":" + new string('[', depth) + new string(']', depth) + "}";
        var atLimit = Encoding.UTF8.GetBytes(Nested(FunctionsJsonContext.MaxJsonDepth - 1));
        var tooDeep = Encoding.UTF8.GetBytes(Nested(FunctionsJsonContext.MaxJsonDepth));

        Assert.NotEqual(ParserOracle.Rejected, ParserOracle.Reference(atLimit));
        Assert.Equal(ParserOracle.Reference(atLimit), ParserOracle.Fast(atLimit));
        Assert.Equal(ParserOracle.Rejected, ParserOracle.Reference(tooDeep));
        Assert.Equal(ParserOracle.Rejected, ParserOracle.Fast(tooDeep));
    }

    [Fact]
    public void Invalid_utf8_in_a_header_value_is_refused_and_in_an_unknown_value_accepted_as_the_contract_path_does()
    {
        var inHeader = Concat("""{"type":"REQUEST","methodArn":"ARN","headers":{"a":"x""", [0xFF], "\"}}");
        var inUnknown = Concat("""{"type":"REQUEST","methodArn":"ARN","extra":"x""", [0xFF], "\"}");

        Assert.Equal(ParserOracle.Rejected, ParserOracle.Reference(inHeader));
        Assert.Equal(ParserOracle.Rejected, ParserOracle.Fast(inHeader));
        Assert.Equal(ParserOracle.Reference(inUnknown), ParserOracle.Fast(inUnknown));
    }

    [Fact]
    public void Invalid_utf8_in_names_gets_the_same_outcome_as_the_contract_path_wherever_the_name_is()
    {
        foreach (var (head, tail) in new[]
        {
            ("""{"type":"REQUEST","methodArn":"ARN","requestContext":{"authorizer":{"k""", "\":1}}}"),
            ("""{"type":"REQUEST","methodArn":"ARN","requestContext":{"k""", "\":1}}"),
            ("""{"type":"REQUEST","methodArn":"ARN","extra":{"k""", "\":1}}"),
            ("""{"type":"REQUEST","methodArn":"ARN","headers":{"k""", "\":\"v\"}}"),
            ("""{"type":"REQUEST","methodArn":"ARN","multiValueHeaders":{"k""", "\":[\"v\"]}}"),
            ("""{"type":"REQUEST","methodArn":"ARN","multiValueQueryStringParameters":{"k""", "\":[\"v\"]}}"),
            ("""{"type":"REQUEST","methodArn":"ARN","stageVariables":{"k""", "\":\"v\"}}"),
            ("""{"version":"2.0","type":"REQUEST","routeArn":"ARN","requestContext":{"http":{"k""", "\":1}}}"),
            ("""{"version":"2.0","type":"REQUEST","routeArn":"ARN","queryStringParameters":{"k""", "\":\"v\"}}"),
        })
        {
            var payload = Concat(head, [0xFF], tail);

            Assert.Equal(ParserOracle.Reference(payload), ParserOracle.Fast(payload));
        }
    }

    [Fact]
    public void A_one_megabyte_object_of_distinct_keys_is_checked_quickly_and_one_repeat_at_its_end_is_found()
    {
        var distinct = HugeObject(repeatLast: false);
        var repeated = HugeObject(repeatLast: true);
        Assert.True(distinct.Length > 1_000_000);

        var watch = Stopwatch.StartNew();
        var accepted = ParserOracle.Fast(distinct);
        var refused = ParserOracle.Fast(repeated);
        watch.Stop();

        Assert.NotEqual(ParserOracle.Rejected, accepted);
        Assert.Equal(ParserOracle.Rejected, refused);
        // Sorting 100k names takes milliseconds; a pairwise check would take minutes.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void A_header_object_with_many_keys_differing_only_in_case_keeps_every_value_like_the_contract_path()
    {
        var json = new StringBuilder("""{"type":"REQUEST","methodArn":"ARN","multiValueHeaders":{""");
        for (var i = 0; i < 300; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("\"x-").Append(i % 2 == 0 ? "A" : "a").Append(i).Append("\":[\"v\"]");
        }

        json.Append("},\"headers\":{\"X-A0\":\"w\",\"x-b\":\"w\"}}");
        var payload = Payload(json.ToString());

        Assert.Equal(ParserOracle.Reference(payload), ParserOracle.Fast(payload));
    }

    private static byte[] HugeObject(bool repeatLast)
    {
        var json = new StringBuilder("""{"type":"REQUEST","methodArn":"ARN","extra":{""");
        var count = 0;
        while (json.Length < 1_000_100)
        {
            json.Append(count == 0 ? "" : ",").Append("\"k").Append(count++).Append("\":1");
        }

        json.Append(repeatLast ? ",\"k0\":2" : string.Empty).Append("}}");
        return Payload(json.ToString());
    }

    private static byte[] Payload(string json) => Encoding.UTF8.GetBytes(json.Replace("\"ARN\"", "\"" + RestArn + "\"", StringComparison.Ordinal));

    private static byte[] Concat(string head, byte[] middle, string tail) =>
        Payload(head).Concat(middle).Concat(Encoding.UTF8.GetBytes(tail)).ToArray();

    private static bool IsAuthorizerEvent(string file)
    {
        var name = Path.GetFileName(file);
        return name.EndsWith("-authorizer.json", StringComparison.Ordinal)
            || name.EndsWith("-authorizer.sam.json", StringComparison.Ordinal)
            || (name.StartsWith("rest-", StringComparison.Ordinal) && !name.Contains("proxy", StringComparison.Ordinal))
            || name.StartsWith("http-request", StringComparison.Ordinal);
    }
}
