using Authorizer.Local.Gateway;
using Authorizer.Local.Template;

namespace Authorizer.Local.Tests;

public sealed class RouteTableTests
{
    private static readonly RouteTable Routes = new(
    [
        new RouteDefinition("Api", "ANY", "/echo/{proxy+}", "Echo", "Default"),
        new RouteDefinition("Api", "ANY", "/echo/cached/{proxy+}", "Echo", "Cached"),
        new RouteDefinition("Api", "ANY", "/v1/{proxy+}", "Management", "Default"),
        new RouteDefinition("Api", "POST", "/v1/tokens", "Management", null),
        new RouteDefinition("Api", "GET", "/items/{id}", "Items", null),
    ]);

    [Theory]
    [InlineData("GET", "/echo/a", "/echo/{proxy+}")]
    [InlineData("DELETE", "/echo/a/b/c", "/echo/{proxy+}")]
    [InlineData("GET", "/echo/cached/a", "/echo/cached/{proxy+}")]
    [InlineData("POST", "/v1/tokens", "/v1/tokens")]
    [InlineData("GET", "/v1/tokens", "/v1/{proxy+}")]
    [InlineData("GET", "/items/42", "/items/{id}")]
    public void The_most_specific_route_wins(string method, string path, string expected)
    {
        Assert.Equal(expected, Routes.Match(method, path)?.Route.Path);
    }

    [Theory]
    [InlineData("GET", "/echo")]
    [InlineData("POST", "/items/42")]
    [InlineData("GET", "/items/42/more")]
    [InlineData("GET", "/")]
    public void Paths_no_route_covers_do_not_match(string method, string path)
    {
        Assert.Null(Routes.Match(method, path));
    }

    [Fact]
    public void Path_parameters_are_decoded_and_the_greedy_one_keeps_its_slashes()
    {
        Assert.Equal("a/%/c d", Routes.Match("GET", "/echo/a/%25/c%20d")!.PathParameters["proxy"]);
        Assert.Equal("4 2", Routes.Match("GET", "/items/4%202")!.PathParameters["id"]);
    }
}
