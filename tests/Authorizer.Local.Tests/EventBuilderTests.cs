using Authorizer.Local.Gateway;
using Authorizer.Local.Template;

namespace Authorizer.Local.Tests;

/// <summary>The events the gateway builds have API Gateway's shape: raw path in requestContext, decoded query, multi-values.</summary>
public sealed class EventBuilderTests
{
    private static readonly ApiContext Api = new(
        new ApiDefinition("RestApi", ApiKind.Rest, "Prod", new Dictionary<string, AuthorizerDefinition>(), new Dictionary<string, GatewayResponseDefinition>(), []),
        "localrest1");

    private static readonly RouteDefinition Route = new("RestApi", "ANY", "/echo/{proxy+}", "EchoFunction", "AppAuthorizer");

    private static GatewayRequest Request() => new(
        "GET",
        "/echo/%E5%8C%97%E4%BA%AC/x%20y",
        "name=Zo%C3%AB&sym=a+b%3Dc&d&x=1&x=2",
        [new("Host", "127.0.0.1:3000"), new("X-Ca-Key", "k"), new("Accept", "a"), new("accept", "b")],
        [],
        "127.0.0.1",
        "req-1",
        DateTimeOffset.FromUnixTimeMilliseconds(1_795_425_600_000));

    [Fact]
    public void A_rest_request_event_carries_the_method_arn_and_the_raw_path()
    {
        var request = Request();
        var match = new RouteTable([Route]).Match("GET", request.RawPath)!;

        var evt = AuthorizerEventBuilder.RestRequest(request, match, Api);

        Assert.Equal("REQUEST", (string?)evt["type"]);
        Assert.Equal("arn:aws:execute-api:us-east-1:123456789012:localrest1/Prod/GET/echo/%E5%8C%97%E4%BA%AC/x%20y", (string?)evt["methodArn"]);
        Assert.Equal("/echo/%E5%8C%97%E4%BA%AC/x%20y", (string?)evt["requestContext"]!["path"]);
        Assert.Equal("/echo/北京/x y", (string?)evt["path"]);
        Assert.Equal("/echo/{proxy+}", (string?)evt["resource"]);
        Assert.Equal("北京/x y", (string?)evt["pathParameters"]!["proxy"]);
        Assert.Equal("localrest1", (string?)evt["requestContext"]!["apiId"]);
        Assert.Equal("Prod", (string?)evt["requestContext"]!["stage"]);
    }

    [Fact]
    public void Query_values_are_decoded_plus_stays_a_plus_and_repeats_are_kept()
    {
        var request = Request();
        var evt = AuthorizerEventBuilder.RestRequest(request, new RouteTable([Route]).Match("GET", request.RawPath)!, Api);

        Assert.Equal("Zoë", (string?)evt["queryStringParameters"]!["name"]);
        Assert.Equal("a+b=c", (string?)evt["queryStringParameters"]!["sym"]);
        Assert.Equal(string.Empty, (string?)evt["queryStringParameters"]!["d"]);
        Assert.Equal("2", (string?)evt["queryStringParameters"]!["x"]);
        Assert.Equal(["1", "2"], evt["multiValueQueryStringParameters"]!["x"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public void Repeated_headers_keep_the_last_value_and_all_values_in_multi_value_headers()
    {
        var request = Request();
        var evt = AuthorizerEventBuilder.RestRequest(request, new RouteTable([Route]).Match("GET", request.RawPath)!, Api);

        Assert.Equal("b", (string?)evt["headers"]!["accept"]);
        Assert.Null(evt["headers"]!["Accept"]);
        Assert.Equal(["a", "b"], evt["multiValueHeaders"]!["Accept"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public void The_proxy_event_passes_the_authorizer_context()
    {
        var request = Request();
        var context = new System.Text.Json.Nodes.JsonObject { ["principalId"] = "app-1", ["appId"] = "app-1" };

        var evt = ProxyEventBuilder.Rest(request, new RouteTable([Route]).Match("GET", request.RawPath)!, Api, context);

        Assert.Equal("app-1", (string?)evt["requestContext"]!["authorizer"]!["appId"]);
        Assert.Null(evt["body"]);
        Assert.False((bool)evt["isBase64Encoded"]!);
    }
}
