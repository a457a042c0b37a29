using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Authorizer.Functions.Tests.Events;

/// <summary>
/// Random REST REQUEST, TOKEN and HTTP API events (repeated and case-varied header names, both header maps in
/// either order, single and multi-value query maps, cookies, escaped names and values, nulls, odd ARNs and the
/// occasional duplicate or mistyped member) parse to the same request, or are refused alike, on both paths.
/// </summary>
public sealed class GeneratedEventTests
{
    private const int Cases = 600;

    private static readonly string[] HeaderNames =
    [
        "Host", "host", "HOST", "X-A", "x-a", "Authorization", "authorization", "X-Ca-Key", "x-ca-key", "Cookie",
        "cookie", "Accept", "X-Apig-AppCode", "a b", "é", "x-long-" + new string('n', 150),
    ];

    private static readonly string?[] Values =
    [
        "v", "", "a,b", "\"quoted\"", "back\\slash", "é", "北", "😀", "line\nbreak", "%41", "+", "x y", null,
        "Basic YWJjOmRlZg==", "APPCODE 0123456789", "\u0001",
    ];

    private static readonly string[] Arns =
    [
        "\"arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/items/1\"",
        "\"arn:aws-cn:execute-api:cn-north-1:1:a/s/get\"",
        "\"arn:aws:execute-api:us-east-1:1:a/s/POST/\"",
        "\"\\u0061rn:aws:execute-api:us-east-1:1:a/s/PUT/x%20y\"",
        "\"arn:aws:execute-api:us-east-1:1:a/s\"",
        "null",
        "7",
    ];

    private static readonly string[] Extras =
    [
        "", "", "", ",\"extra\":{\"n\":[1,{\"m\":null}],\"e\":\"\\u0041\"}", ",\"extra\":1,\"extra\":2",
        ",\"x\":{\"a\":1,\"\\u0061\":2}", ",\"Headers\":{\"a\":1}", ",\"deep\":[[[[{\"a\":[true,false]}]]]]",
    ];

    [Fact]
    public void Random_rest_request_events_parse_alike()
    {
        var generator =
            from headers in StringMap(HeaderNames)
            from multiHeaders in Gen.OneOf(Gen.Constant("null"), ListMap(HeaderNames))
            from multiFirst in Gen.Elements(false, true)
            from query in Gen.OneOf(Gen.Constant("null"), StringMap(["q", "Q", "a", "é", "x y", "%41"]))
            from multiQuery in Gen.OneOf(Gen.Constant("null"), Gen.Constant("null"), ListMap(["q", "Q", "a", "b"]))
            from path in Gen.Elements("null", "\"\"", "\"/prod/items\"", "\"/a%20b\"", "\"/\\u00e9\"")
            from method in Gen.Elements("null", "\"\"", "\"GET\"", "\"post\"", "\"Put\"", "\"\\u0047ET\"")
            from contextPath in Gen.Elements("null", "\"\"", "\"/prod/x\"")
            from contextMethod in Gen.Elements("null", "\"\"", "\"DELETE\"", "\"get\"")
            from requestId in Gen.Elements("null", "\"r-1\"", "\"\\u0072-2\"")
            from sourceIp in Gen.Elements("null", "\"1.2.3.4\"", "\"::1\"")
            from withContext in Gen.Elements(true, true, false)
            from arn in Gen.Elements(Arns)
            from extra in Gen.Elements(Extras)
            select Render(
                "\"type\":\"REQUEST\"",
                "\"methodArn\":" + arn,
                multiFirst ? "\"multiValueHeaders\":" + multiHeaders : "\"headers\":" + headers,
                multiFirst ? "\"headers\":" + headers : "\"multiValueHeaders\":" + multiHeaders,
                "\"queryStringParameters\":" + query,
                "\"multiValueQueryStringParameters\":" + multiQuery,
                "\"path\":" + path,
                "\"httpMethod\":" + method,
                "\"requestContext\":" + (withContext
                    ? $"{{\"path\":{contextPath},\"httpMethod\":{contextMethod},\"requestId\":{requestId},\"identity\":{{\"sourceIp\":{sourceIp}}}}}"
                    : "null"),
                extra);
        AssertParsesAlike(generator);
    }

    [Fact]
    public void Random_http_api_events_parse_alike()
    {
        var lowerNames = HeaderNames.Select(n => n.ToLowerInvariant()).Distinct().Concat(["X-Mixed"]).ToArray();
        var generator =
            from headers in Gen.OneOf(Gen.Constant("null"), StringMap(lowerNames))
            from cookies in Gen.OneOf(Gen.Constant("null"), StringList())
            from rawQuery in Gen.Elements("null", "\"\"", "\"a=1&b=2\"", "\"?x=%41\"", "\"a&&=b\"", "\"k=%E5%8C%97+1&k=2\"", "\"%zz=%4\"")
            from rawPath in Gen.Elements("null", "\"\"", "\"/items/1\"", "\"/a b/é\"", "\"/%2F\"")
            from method in Gen.Elements("null", "\"\"", "\"GET\"", "\"post\"")
            from httpPath in Gen.Elements("null", "\"/from-context\"")
            from sourceIp in Gen.Elements("null", "\"1.2.3.4\"")
            from requestId in Gen.Elements("null", "\"id-1\"")
            from arn in Gen.Elements(Arns)
            from extra in Gen.Elements(Extras)
            select Render(
                "\"version\":\"2.0\"",
                "\"type\":\"REQUEST\"",
                "\"routeArn\":" + arn,
                "\"cookies\":" + cookies,
                "\"headers\":" + headers,
                "\"rawQueryString\":" + rawQuery,
                "\"rawPath\":" + rawPath,
                $"\"requestContext\":{{\"requestId\":{requestId},\"http\":{{\"method\":{method},\"path\":{httpPath},\"sourceIp\":{sourceIp}}}}}",
                extra);
        AssertParsesAlike(generator);
    }

    [Fact]
    public void Random_token_events_parse_alike()
    {
        var generator =
            from token in Gen.Elements(Values)
            from arn in Gen.Elements(Arns)
            from extra in Gen.Elements(Extras)
            select Render("\"type\":\"TOKEN\"", "\"authorizationToken\":" + Json(token), "\"methodArn\":" + arn, extra);
        AssertParsesAlike(generator);
    }

    private static void AssertParsesAlike(Gen<string> generator)
    {
        var accepted = 0;
        var rejected = 0;
        Check.One(
            PropertyRun.Config(Cases, 204),
            Prop.ForAll(generator.ToArbitrary(), json =>
            {
                var payload = Encoding.UTF8.GetBytes(json);
                var expected = ParserOracle.Reference(payload);
                _ = expected == ParserOracle.Rejected ? rejected++ : accepted++;
                Assert.Equal(expected, ParserOracle.Fast(payload));
            }));

        // Both outcomes must be well represented, or the property compared little.
        Assert.True(accepted >= Cases / 10 && rejected >= Cases / 20, $"accepted {accepted}, rejected {rejected}");
    }

    private static string Render(params string[] members) =>
        "{" + string.Join(",", members.Where(m => m.Length > 0).Select(m => m.TrimStart(','))) + "}";

    private static Gen<string> Name(string[] pool) =>
        from name in Gen.Elements(pool)
        from escaped in Gen.Elements(false, false, false, true)
        select escaped ? "\"" + JsonMutations.EscapeAll(name) + "\"" : Json(name);

    private static Gen<string> StringMap(string[] names) =>
        from count in Gen.Choose(0, 6)
        from entries in Gen.ArrayOf(
            from name in Name(names)
            from value in Gen.Elements(Values)
            select name + ":" + Json(value), count)
        select "{" + string.Join(",", entries) + "}";

    private static Gen<string> ListMap(string[] names) =>
        from count in Gen.Choose(0, 5)
        from entries in Gen.ArrayOf(
            from name in Name(names)
            from list in Gen.OneOf(Gen.Constant("null"), StringList())
            select name + ":" + list, count)
        select "{" + string.Join(",", entries) + "}";

    private static Gen<string> StringList() =>
        from count in Gen.Choose(0, 3)
        from values in Gen.ArrayOf(Gen.Elements(Values), count)
        select "[" + string.Join(",", values.Select(Json)) + "]";

    private static string Json(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        // Some values go out with every character escaped, as API Gateway never does but a JSON writer may.
        return value.Length > 0 && value[0] == 'x'
            ? "\"" + JsonMutations.EscapeAll(value) + "\""
            : System.Text.Json.JsonSerializer.Serialize(value, Authorizer.Functions.Events.FunctionsJsonContext.Default.String);
    }
}
