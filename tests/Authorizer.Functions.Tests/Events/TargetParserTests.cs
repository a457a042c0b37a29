using Authorizer.Core.Requests;
using Authorizer.Functions.Events.Parsing;
using FsCheck;
using FsCheck.Fluent;

namespace Authorizer.Functions.Tests.Events;

/// <summary><see cref="TargetParser"/> must accept exactly the ARNs <see cref="ApiTarget.TryParse"/> accepts, with equal fields.</summary>
public sealed class TargetParserTests
{
    private static readonly string[] Pieces =
    [
        "arn", "aws", "aws-cn", "execute-api", "us-east-1", "123456789012", "abc", "prod", "GET", "get", "*", "items",
        "", ":", ":", ":", "/", "/", "/", "%20", "é", "x:y", "a/b",
    ];

    [Theory]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/items/1")]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/")]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET")]
    [InlineData("arn:aws:execute-api:::abc/prod/*/a/b/c:d")]
    [InlineData("arn:aws:execute-api:us-east-1:1:abc/prod/")]
    [InlineData("arn:aws:execute-api:us-east-1:1:abc//GET")]
    [InlineData("arn::execute-api:us-east-1:1:abc/prod/GET")]
    [InlineData("arn:aws:lambda:us-east-1:1:abc/prod/GET")]
    [InlineData("arn:aws:execute-api:us-east-1:1")]
    [InlineData("")]
    [InlineData(null)]
    public void Known_arns_parse_as_api_target_parses_them(string? arn) =>
        Assert.Equal(Reference(arn), Fast(arn));

    [Fact]
    public void Overlong_arns_are_refused_like_api_target_refuses_them()
    {
        var arn = "arn:aws:execute-api:us-east-1:1:abc/prod/GET/" + new string('a', ApiTarget.MaxArnLength);

        Assert.Null(Reference(arn));
        Assert.Null(Fast(arn));
    }

    [Fact]
    public void Random_arns_parse_as_api_target_parses_them()
    {
        var piece = Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Gen.Elements(Pieces), n)).Select(string.Concat);
        var loose =
            from count in Gen.Choose(0, 16)
            from pieces in Gen.ArrayOf(Gen.Elements(Pieces), count)
            from prefixed in Gen.Elements(true, true, false)
            select (prefixed ? "arn:aws:execute-api:" : string.Empty) + string.Concat(pieces);
        var shaped =
            from partition in piece
            from region in piece
            from account in piece
            from api in piece
            from stage in piece
            from method in piece
            from path in piece
            select $"arn:{partition}:execute-api:{region}:{account}:{api}/{stage}/{method}/{path}";
        var arns = Gen.OneOf(loose, shaped);
        var accepted = 0;
        Check.One(
            PropertyRun.Config(2000, 202),
            Prop.ForAll(arns.ToArbitrary(), arn =>
            {
                var expected = Reference(arn);
                accepted += expected is null ? 0 : 1;
                Assert.Equal(expected, Fast(arn));
            }));

        Assert.True(accepted >= 100, $"only {accepted} generated ARNs were valid");
    }

    [Fact]
    public void Fields_shared_from_a_previous_target_never_leak_into_a_different_arn()
    {
        var piece = Gen.Elements("", "a", "b", "ab", "prod", "GET", "x/y", "x:y");
        var pairs =
            from api in piece
            from stage in piece
            from path in piece
            from otherApi in piece
            from otherStage in piece
            from otherPath in piece
            select (First: $"arn:aws:execute-api:us-east-1:1:{api}/{stage}/GET/{path}", Second: $"arn:aws-cn:execute-api:cn-north-1:2:{otherApi}/{otherStage}/POST/{otherPath}");
        Check.One(
            PropertyRun.Config(500, 203),
            Prop.ForAll(pairs.ToArbitrary(), pair =>
            {
                var previous = Reference(pair.First);
                Assert.Equal(Reference(pair.Second), TargetParser.TryParse(pair.Second, previous, out var target) ? target : null);
                Assert.Equal(previous, TargetParser.TryParse(pair.First, Reference(pair.Second), out var again) ? again : null);
            }));
    }

    [Fact]
    public void Events_alternating_between_arns_each_get_their_own_target()
    {
        static byte[] Event(string arn) =>
            System.Text.Encoding.UTF8.GetBytes("{\"type\":\"TOKEN\",\"authorizationToken\":\"t\",\"methodArn\":\"" + arn + "\"}");
        var first = Event("arn:aws:execute-api:us-east-1:1:a/s/GET/x");
        var second = Event("arn:aws:execute-api:us-east-1:1:a/s/GET/x/y");
        var escaped = Event("\\u0061rn:aws:execute-api:us-east-1:1:a/s/GET/x");

        foreach (var payload in new[] { first, second, first, escaped, second, escaped })
        {
            Assert.Equal(ParserOracle.Reference(payload), ParserOracle.Fast(payload));
        }
    }

    private static ApiTarget? Reference(string? arn) => ApiTarget.TryParse(arn, out var target) ? target : null;

    private static ApiTarget? Fast(string? arn) => TargetParser.TryParse(arn, out var target) ? target : null;
}
