using System.Text.Json.Nodes;
using Authorizer.Core.Requests;
using Authorizer.Functions.Events;
using Authorizer.Functions.Mapping;

namespace Authorizer.Functions.Tests;

public sealed class MappingTests
{
    private static RestRequestAuthorizerEvent Rest(JsonObject json) =>
        EventReader.Deserialize(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()), FunctionsJsonContext.Default.RestRequestAuthorizerEvent);

    private static HttpApiAuthorizerEvent Http(JsonObject json) =>
        EventReader.Deserialize(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()), FunctionsJsonContext.Default.HttpApiAuthorizerEvent);

    [Fact]
    public void Rest_sample_maps_method_path_headers_query_target_and_source_ip()
    {
        var json = TestEvents.RestRequest();
        var request = AuthRequestMapper.FromRestRequest(Rest(json));

        Assert.Equal(EventKind.RestRequest, request.Kind);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/request", request.Path);
        Assert.Equal(["headerValue1"], request.Headers.GetAll("headerauth1"));
        Assert.Equal(["queryValue1"], request.Query.GetAll("QueryString1"));
        Assert.Equal("abcdef123", request.Target.ApiId);
        Assert.Equal("test", request.Target.Stage);
        Assert.Equal("...", request.SourceIp);
        Assert.Null(request.AuthorizationToken);
    }

    [Fact]
    public void Rest_path_is_the_wire_path_from_request_context_with_stage_and_escapes()
    {
        var json = TestEvents.RestRequest();
        json["path"] = "/echo/北京";
        json["requestContext"]!["path"] = "/test/echo/%E5%8C%97%E4%BA%AC";

        Assert.Equal("/test/echo/%E5%8C%97%E4%BA%AC", AuthRequestMapper.FromRestRequest(Rest(json)).Path);
    }

    [Fact]
    public void Rest_path_falls_back_to_top_level_path()
    {
        var json = TestEvents.RestRequest();
        json["path"] = "/echo/x";
        json["requestContext"]!.AsObject().Remove("path");

        Assert.Equal("/echo/x", AuthRequestMapper.FromRestRequest(Rest(json)).Path);
    }

    [Fact]
    public void Rest_headers_merge_multi_value_repeats_without_counting_the_single_copy_twice()
    {
        var json = TestEvents.RestRequest();
        json["headers"] = new JsonObject { ["X-Ca-Nonce"] = "b", ["Host"] = "api.example.com" };
        json["multiValueHeaders"] = new JsonObject { ["X-Ca-Nonce"] = new JsonArray("a", "b") };

        var headers = AuthRequestMapper.FromRestRequest(Rest(json)).Headers;

        Assert.Equal(["a", "b"], headers.GetAll("x-ca-nonce"));
        Assert.Equal(["api.example.com"], headers.GetAll("host"));
    }

    [Fact]
    public void Rest_header_present_in_both_maps_once_counts_once()
    {
        var json = TestEvents.RestRequest();
        json["headers"] = new JsonObject { ["Authorization"] = "APPCODE abc" };
        json["multiValueHeaders"] = new JsonObject { ["Authorization"] = new JsonArray("APPCODE abc") };

        Assert.Equal(1, AuthRequestMapper.FromRestRequest(Rest(json)).Headers.CountOf("authorization"));
    }

    [Fact]
    public void Rest_query_prefers_multi_value_map_and_keeps_repeats_in_order()
    {
        var json = TestEvents.RestRequest();
        json["queryStringParameters"] = new JsonObject { ["a"] = "2", ["b"] = "x y" };
        json["multiValueQueryStringParameters"] = new JsonObject { ["a"] = new JsonArray("1", "2"), ["b"] = new JsonArray("x y") };

        var query = AuthRequestMapper.FromRestRequest(Rest(json)).Query;

        Assert.Equal(3, query.Count);
        Assert.Equal(["1", "2"], query.GetAll("a"));
        Assert.Equal(["x y"], query.GetAll("b"));
    }

    [Fact]
    public void Rest_without_a_valid_method_arn_is_an_invalid_event()
    {
        var json = TestEvents.RestRequest();
        json["methodArn"] = "not-an-arn";

        var ex = Assert.Throws<InvalidEventException>(() => AuthRequestMapper.FromRestRequest(Rest(json)));
        Assert.Contains("methodArn", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_event_carries_only_the_token_and_target()
    {
        var evt = EventReader.Deserialize(
            System.Text.Encoding.UTF8.GetBytes(TestEvents.RestToken().ToJsonString()),
            FunctionsJsonContext.Default.RestTokenAuthorizerEvent);

        var request = AuthRequestMapper.FromRestToken(evt);

        Assert.Equal(EventKind.RestToken, request.Kind);
        Assert.Equal("incoming-client-token", request.AuthorizationToken);
        Assert.Equal(0, request.Headers.Count);
        Assert.Equal(0, request.Query.Count);
        Assert.Equal(TestEvents.MethodArn, request.Target.Arn);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/request", request.Path);
    }

    [Fact]
    public void Http_api_sample_maps_method_path_query_headers_and_route_arn()
    {
        var request = AuthRequestMapper.FromHttpApi(Http(TestEvents.HttpApi()));

        Assert.Equal(EventKind.HttpApiV2, request.Kind);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/my/path", request.Path);
        Assert.Equal(["value1", "value2"], request.Query.GetAll("parameter1"));
        Assert.Equal(["value"], request.Query.GetAll("parameter2"));
        Assert.Equal(["value1"], request.Headers.GetAll("header1"));
        Assert.Equal(["cookie1; cookie2"], request.Headers.GetAll("cookie"));
        Assert.Equal("arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/request", request.Target.Arn);
        Assert.Equal("IP", request.SourceIp);
    }

    [Fact]
    public void Http_api_raw_path_is_re_encoded_to_its_wire_form()
    {
        var json = TestEvents.HttpApi();
        json["rawPath"] = "/echo/北京/x y/100%/a?b#c/Zoë";

        Assert.Equal(
            "/echo/%E5%8C%97%E4%BA%AC/x%20y/100%25/a%3Fb%23c/Zo%C3%AB",
            AuthRequestMapper.FromHttpApi(Http(json)).Path);
    }

    [Theory]
    [InlineData("/plain/path-_.~!$&'()*+,;=:@", "/plain/path-_.~!$&'()*+,;=:@")]
    [InlineData("/", "/")]
    [InlineData("/tab\there", "/tab%09here")]
    public void Http_api_path_encoder_keeps_url_safe_characters(string decoded, string expected) =>
        Assert.Equal(expected, Authorizer.Core.Signing.PercentEncoding.EncodeDecodedPath(decoded));

    [Fact]
    public void Http_api_raw_query_is_decoded_with_plus_kept_literal_and_bare_names_empty()
    {
        var query = RawQueryParser.Parse("name=Zo%C3%AB%20%E5%8C%97%E4%BA%AC&sym=a+b%3Dc&d&name=2&&bad=%zz");

        Assert.Equal(
            [
                new KeyValuePair<string, string>("name", "Zoë 北京"),
                new KeyValuePair<string, string>("sym", "a+b=c"),
                new KeyValuePair<string, string>("d", ""),
                new KeyValuePair<string, string>("name", "2"),
                new KeyValuePair<string, string>("bad", "%zz"),
            ],
            query.Pairs);
    }

    [Fact]
    public void Http_api_headers_keep_comma_joined_duplicates_as_one_value()
    {
        var json = TestEvents.HttpApi();
        json["headers"] = new JsonObject { ["x-apig-appcode"] = "one,two" };

        var headers = AuthRequestMapper.FromHttpApi(Http(json)).Headers;

        Assert.Equal(["one,two"], headers.GetAll("X-Apig-AppCode"));
    }

    [Fact]
    public void Http_api_without_route_arn_is_an_invalid_event()
    {
        var json = TestEvents.HttpApi();
        json.Remove("routeArn");

        var ex = Assert.Throws<InvalidEventException>(() => AuthRequestMapper.FromHttpApi(Http(json)));
        Assert.Contains("routeArn", ex.Message, StringComparison.Ordinal);
    }
}
