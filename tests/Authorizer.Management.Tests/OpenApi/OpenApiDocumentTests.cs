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
