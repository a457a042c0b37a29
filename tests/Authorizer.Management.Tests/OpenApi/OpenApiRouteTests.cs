using Authorizer.TestSupport.OpenApi;

namespace Authorizer.Management.Tests.OpenApi;

/// <summary>The document and the router describe the same routes, both ways.</summary>
public sealed class OpenApiRouteTests
{
    [Fact]
    public void Every_route_the_router_serves_is_documented_with_the_same_methods()
    {
        foreach (var route in ManagementRoutes.All)
        {
            Assert.True(OpenApiContract.Operations.TryGetValue(route.Template, out var documented), $"{route.Template} is served but not documented.");
            Assert.Equal(route.Methods.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Every_documented_route_is_served()
    {
        var served = ManagementRoutes.All.ToDictionary(r => r.Template, r => r.Methods, StringComparer.Ordinal);
        foreach (var (template, methods) in OpenApiContract.Operations)
        {
            Assert.True(served.TryGetValue(template, out var answered), $"{template} is documented but no route serves it.");
            Assert.Equal(methods.Order(StringComparer.Ordinal), answered.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Every_documented_operation_reaches_a_handler()
    {
        // Through the API itself, not the table: a documented operation must answer neither "no such route" nor 405.
        using var h = await ApiHarness.CreateAsync();
        foreach (var (template, methods) in OpenApiContract.Operations)
        {
            var path = string.Join('/', template.Split('/').Select(s => s.StartsWith('{') ? "x1" : s));
            foreach (var method in methods)
            {
                var reply = await h.SendAsync(method, path);
                Assert.NotEqual(405, reply.Status);
                Assert.False(
                    reply.Status == 404 && reply.Json.GetProperty("detail").GetString() == "The route does not exist.",
                    $"{method} {template} is documented but the API has no route for it.");
            }
        }
    }

    [Fact]
    public async Task A_path_segment_that_is_not_an_id_answers_a_documented_404_on_every_route_with_ids()
    {
        // The router refuses such a segment before any handler runs, so every route with an id can answer 404.
        using var h = await ApiHarness.CreateAsync();
        foreach (var (template, methods) in OpenApiContract.Operations.Where(o => o.Key.Contains('{', StringComparison.Ordinal)))
        {
            var path = string.Join('/', template.Split('/').Select(s => s.StartsWith('{') ? "a%2Fb" : s));
            foreach (var method in methods)
            {
                var reply = await h.SendAsync(method, path);
                reply.AssertProblem(404, "not_found");
            }
        }
    }

    [Fact]
    public void Every_path_parameter_is_declared_once_with_the_id_schema()
    {
        foreach (var (template, _) in OpenApiContract.Operations)
        {
            var names = template.Split('/').Where(s => s.StartsWith('{')).Select(s => s[1..^1]).ToList();
            var item = OpenApiContract.Root.GetProperty("paths").GetProperty(template);
            var declared = item.TryGetProperty("parameters", out var parameters)
                ? parameters.EnumerateArray().Select(p => p.GetProperty("$ref").GetString()!.Split('/')[^1]).ToList()
                : [];
            Assert.Equal(names, declared);
        }
    }
}
