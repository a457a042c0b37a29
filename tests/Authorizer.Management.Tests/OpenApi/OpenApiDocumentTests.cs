using System.Reflection;
using System.Text.Json;
using Authorizer.TestSupport.OpenApi;

namespace Authorizer.Management.Tests.OpenApi;

public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task The_document_is_served_at_v1_openapi_json_without_credentials()
    {
        using var h = await ApiHarness.CreateAsync();

        var reply = await h.SendAsync("GET", "/v1/openapi.json", caller: null);

        Assert.Equal(200, reply.Status);
        Assert.Equal("application/json", reply.Header("Content-Type"));
        Assert.Equal("3.1.0", reply.Str("openapi"));
    }

    [Fact]
    public async Task The_served_document_is_the_file_in_docs()
    {
        using var h = await ApiHarness.CreateAsync();

        var reply = await h.SendAsync("GET", "/v1/openapi.json");

        Assert.Equal(await File.ReadAllTextAsync(RepositoryFiles.OpenApiDocument), reply.Response.Body);
    }

    [Fact]
    public void Every_admin_operation_documents_the_refusals_of_the_admin_check()
    {
        foreach (var path in OpenApiContract.Root.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(p => p.Name != "parameters"))
            {
                if (operation.Value.TryGetProperty("security", out _))
                {
                    continue; // Public or credential-taking operations say so with their own security.
                }

                var responses = operation.Value.GetProperty("responses");
                Assert.True(responses.TryGetProperty("401", out _), $"{operation.Name} {path.Name} lacks 401");
                Assert.True(responses.TryGetProperty("403", out _), $"{operation.Name} {path.Name} lacks 403");
            }
        }
    }

    [Fact]
    public void Every_problem_the_api_can_answer_is_documented()
    {
        // Each factory in Problems yields one code; a new one must be added to a documented response, or
        // (method_not_allowed) is the 405 that OpenAPI cannot list per operation.
        var documented = OpenApiContract.Root.GetProperty("components").GetProperty("responses").EnumerateObject()
            .SelectMany(r => r.Value.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("allOf")[1]
                .GetProperty("properties").GetProperty("code").GetProperty("enum").EnumerateArray().Select(c => c.GetString()!))
            .Append("method_not_allowed")
            .ToHashSet(StringComparer.Ordinal);
        var factories = typeof(Problems).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == typeof(ManagementResponse)).ToList();
        Assert.NotEmpty(factories);

        foreach (var factory in factories)
        {
            if (factory.Name == nameof(Problems.Conflict))
            {
                continue; // Its code is the caller's: each caller's code is checked where that caller answers.
            }

            var arguments = factory.GetParameters().Select(p => p.ParameterType switch
            {
                var t when t == typeof(string) => (object)"x",
                var t when t == typeof(int) => 1,
                var t when t == typeof(TimeSpan) => TimeSpan.FromSeconds(60),
                var t when t == typeof(IReadOnlyList<string>) => new[] { "GET" },
                var t when t == typeof(FieldErrors) => new FieldErrors(),
                var t => throw new InvalidOperationException($"{factory.Name}: no sample for {t}"),
            }).ToArray();
            var response = (ManagementResponse)factory.Invoke(null, arguments)!;
            using var body = JsonDocument.Parse(response.Body);
            var code = body.RootElement.GetProperty("code").GetString()!;
            Assert.True(documented.Contains(code), $"Problems.{factory.Name} answers {code}, which no documented response lists.");
        }
    }

    [Fact]
    public void The_document_is_valid_json_with_unique_operation_ids()
    {
        var ids = OpenApiContract.Root.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("operationId", out _)))
            .Select(o => o.Value.GetProperty("operationId").GetString())
            .ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(OpenApiContract.Operations.Values.Sum(m => m.Count), ids.Count);
    }
}
