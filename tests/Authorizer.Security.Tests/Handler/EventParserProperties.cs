using System.Text;
using Authorizer.Security.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;

namespace Authorizer.Security.Tests.Handler;

/// <summary>
/// Random and corrupted events through the handler's parser (JSON → event → AuthRequest → decision): the only
/// failures allowed are the documented ones (<c>Unauthorized</c>, <c>InvalidEventException</c>); a corrupted
/// event is never allowed unless it still carries the valid credential.
/// </summary>
public sealed class EventParserProperties
{
    public const int Cases = 5_000;

    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", ",", ":", "\"", "null", "true", "1e999", "-0", "\"type\"", "\"REQUEST\"", "\"TOKEN\"",
        "\"version\"", "\"2.0\"", "\"methodArn\"", "\"routeArn\"", "\"headers\"", "\"multiValueHeaders\"",
        "\"requestContext\"", "\"path\"", "\"rawPath\"", "\"rawQueryString\"", "\"authorizationToken\"",
        "\"arn:aws:execute-api:us-east-1:1:a/b/GET/x\"", "\"\\u0000\"", "\"\\ud800\"", "{}", "[]", "\"a\"",
    ];

    [Fact]
    public void Corrupted_events_fail_only_in_documented_ways()
    {
        var world = new TestWorld();
        var valid = new EventBuilder { Path = "/echo/a" }.Header("Host", "api.example.com")
            .Header("Authorization", "APPCODE " + EngineWorld.AppCode).ToUtf8();
        var generator =
            from position in Gen.Choose(0, valid.Length - 1)
            from length in Gen.Choose(0, 20)
            from fragment in Gen.Elements(Fragments)
            from mode in Gen.Choose(0, 3)
            select Corrupt(valid, position, length, fragment, mode);
        Check.One(
            PropertyRun.Config(Cases, salt: 6),
            Prop.ForAll(generator.ToArbitrary(), payload => world.InvokeAsync(payload).GetAwaiter().GetResult()));
    }

    [Fact]
    public void Random_json_shaped_text_fails_only_in_documented_ways()
    {
        var world = new TestWorld();
        var generator =
            from count in Gen.Choose(0, 40)
            from parts in Gen.ArrayOf(Gen.Elements(Fragments), count)
            select Encoding.UTF8.GetBytes(string.Concat(parts));
        Check.One(
            PropertyRun.Config(Cases, salt: 7),
            Prop.ForAll(generator.ToArbitrary(), payload =>
            {
                var result = world.InvokeAsync(payload).GetAwaiter().GetResult();
                Assert.NotEqual(HandlerOutcome.Allow, result.Outcome);
            }));
    }

    private static byte[] Corrupt(byte[] valid, int position, int length, string fragment, int mode)
    {
        var text = Encoding.UTF8.GetString(valid);
        position = Math.Min(position, text.Length);
        length = Math.Min(length, text.Length - position);
        return Encoding.UTF8.GetBytes(mode switch
        {
            0 => text[..position],
            1 => text[..position] + fragment + text[(position + length)..],
            2 => text[..position] + text[(position + length)..],
            _ => text[..position] + fragment + text[position..],
        });
    }
}
