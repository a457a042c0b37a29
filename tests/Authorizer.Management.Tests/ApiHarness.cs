using System.Text.Json;
using Authorizer.Core.Requests;
using Authorizer.Core.Secrets;
using Authorizer.Core.Store;
using Authorizer.Core.Tokens;
using Authorizer.Management.Tests.OpenApi;
using Authorizer.Store.Sqlite;

namespace Authorizer.Management.Tests;

/// <summary>A management API over a given store (by default SQLite in a temp folder), with an admin app already created.</summary>
internal sealed class ApiHarness : IDisposable
{
    private ApiHarness(IAppStore store, ISecretProtector protector, FakeTimeProvider time, ManagementOptions? options)
    {
        Store = store;
        Protector = protector;
        Time = time;
        Signer = LocalEcdsaTokenSigner.CreateEphemeral();
        Validator = new Es256TokenValidator([Signer.VerificationKey], time);
        Api = new ManagementApi(store, protector, new TokenIssuer(Signer, time), Validator, time, options);
    }

    public IAppStore Store { get; }
    public ISecretProtector Protector { get; }
    public FakeTimeProvider Time { get; }
    public LocalEcdsaTokenSigner Signer { get; }
    public Es256TokenValidator Validator { get; }
    public ManagementApi Api { get; }
    public AdminCredentials Admin { get; private set; } = null!;

    /// <summary>Ids a test set up and its calls refer to.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> Notes { get; } = new(StringComparer.Ordinal);

    private string? _directory;

    public static async Task<ApiHarness> CreateAsync(
        IAppStore? store = null, ISecretProtector? protector = null, FakeTimeProvider? time = null, ManagementOptions? options = null)
    {
        time ??= new FakeTimeProvider();
        protector ??= new TestSecretProtector();
        string? directory = null;
        if (store is null)
        {
            directory = Path.Combine(Path.GetTempPath(), "authorizer-mgmt-tests", Guid.NewGuid().ToString("N"));
            store = new SqliteAppStore(Path.Combine(directory, "apps.db"), time);
        }

        var harness = new ApiHarness(store, protector, time, options) { _directory = directory };
        harness.Admin = await new AdminBootstrapper(store, protector, time).CreateAdminAsync();
        return harness;
    }

    public Task<Reply> SendAsync(string method, string path, string? body = null, string? caller = "", params (string Name, string Value)[] headers)
    {
        var headerMap = new HeaderMap();
        if (body is not null && !headers.Any(h => h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            headerMap.Add("Content-Type", "application/json");
        }

        foreach (var (name, value) in headers)
        {
            headerMap.Add(name, value);
        }

        var query = new QueryMap();
        var questionMark = path.IndexOf('?', StringComparison.Ordinal);
        if (questionMark >= 0)
        {
            foreach (var pair in path[(questionMark + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                query.Add(Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]), eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]));
            }

            path = path[..questionMark];
        }

        return SendRawAsync(new ManagementRequest
        {
            Method = method,
            Path = path,
            Query = query,
            Headers = headerMap,
            Body = body,
            CallerAppId = caller == string.Empty ? Admin.AppId : caller,
        });
    }

    public async Task<Reply> SendRawAsync(ManagementRequest request)
    {
        var response = await Api.HandleAsync(request);
        ManagementContract.Check(request, response);
        return new Reply(response);
    }

    public void Dispose()
    {
        Validator.Dispose();
        Signer.Dispose();
        (Store as IDisposable)?.Dispose();
        if (_directory is not null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

internal sealed class Reply(ManagementResponse response)
{
    public ManagementResponse Response { get; } = response;
    public int Status => Response.StatusCode;
    public JsonElement Json { get; } = response.Body.Length == 0 ? default : JsonDocument.Parse(response.Body).RootElement.Clone();

    public string Str(string name) => Json.GetProperty(name).GetString()!;

    public string? Header(string name) => Response.Headers.TryGetValue(name, out var v) ? v : null;

    public string Code => Str("code");

    public void AssertProblem(int status, string code)
    {
        Assert.Equal(status, Status);
        Assert.Equal("application/problem+json", Header("Content-Type"));
        Assert.Equal(code, Code);
        Assert.Equal("urn:authorizer:problem:" + code, Str("type"));
        Assert.Equal(status, Json.GetProperty("status").GetInt32());
    }

    public void AssertFieldError(string field)
    {
        AssertProblem(400, "validation_failed");
        Assert.True(Json.GetProperty("errors").TryGetProperty(field, out _), $"expected an error for {field} in {Response.Body}");
    }
}
