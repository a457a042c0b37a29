using System.Text;
using System.Text.Json;
using Authorizer.Core.Requests;
using Authorizer.Functions.Events;
using Authorizer.Functions.Settings;
using Authorizer.Management;

namespace Authorizer.Functions.Management;

/// <summary>
/// The management API function (<c>Authorizer.Functions::Authorizer.Functions.Management.ManagementFunction::Handler</c>):
/// a REST proxy event in, a proxy response out. The caller is the app the authorizer let in
/// (<c>requestContext.authorizer.appId</c>); <see cref="ManagementApi"/> decides what it may do.
/// One other payload: <c>{"bootstrapAdmin":{}}</c>, sent by a direct <c>lambda:InvokeFunction</c> (API Gateway
/// always sends <c>httpMethod</c> and <c>requestContext</c>, and a caller's request only as their <c>body</c>),
/// creates the first admin when the table has no enabled one and answers its credentials once.
/// </summary>
public sealed class ManagementFunction
{
    /// <summary>Lambda's own request payload limit; the API applies its own, smaller, body limit.</summary>
    public const int MaxEventBytes = 6 * 1024 * 1024;

    private static readonly TimeSpan DefaultDeadline = new AuthorizerSettings().ManagementDeadline;

    private readonly Func<Task<(ManagementApi Api, TimeSpan Deadline)>> _api;
    private readonly Func<Task<AdminBootstrapper>> _bootstrapper;

    /// <summary>The Lambda entry: the container's shared composition, built on first use.</summary>
    public ManagementFunction()
        : this(SharedApiAsync, async () => (await ManagementComposition.GetSharedAsync().ConfigureAwait(false)).Bootstrapper)
    {
    }

    /// <summary>Runs on a prebuilt API (the local runner, tests) with the default deadline; no bootstrap invocation.</summary>
    public ManagementFunction(ManagementApi api)
        : this(api, DefaultDeadline)
    {
    }

    /// <summary>Runs on a prebuilt API with <paramref name="deadline"/> per call; no bootstrap invocation.</summary>
    public ManagementFunction(ManagementApi api, TimeSpan deadline)
        : this(() => Task.FromResult((api, deadline)), () => Task.FromException<AdminBootstrapper>(new InvalidOperationException("no bootstrapper")))
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(deadline, TimeSpan.Zero);
    }

    /// <summary>Runs on a prebuilt API and bootstrapper (tests).</summary>
    public ManagementFunction(ManagementApi api, AdminBootstrapper bootstrapper)
        : this(() => Task.FromResult((api, DefaultDeadline)), () => Task.FromResult(bootstrapper))
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(bootstrapper);
    }

    private static async Task<(ManagementApi Api, TimeSpan Deadline)> SharedApiAsync()
    {
        var composition = await ManagementComposition.GetSharedAsync().ConfigureAwait(false);
        return (composition.Api, composition.Deadline);
    }

    internal ManagementFunction(Func<Task<(ManagementApi Api, TimeSpan Deadline)>> api, Func<Task<AdminBootstrapper>> bootstrapper)
    {
        _api = api;
        _bootstrapper = bootstrapper;
    }

    public async Task<Stream> Handler(Stream input)
    {
        RestProxyRequest proxy;
        try
        {
            var payload = await EventReader.ReadPayloadAsync(input, MaxEventBytes).ConfigureAwait(false);
            if (BootstrapInvocation.Matches(payload))
            {
                return await BootstrapInvocation.RunAsync(payload, _bootstrapper).ConfigureAwait(false);
            }

            proxy = EventReader.Deserialize(payload, FunctionsJsonContext.Default.RestProxyRequest);
        }
        catch (InvalidEventException)
        {
            return Serialize(Problems.InvalidEvent());
        }

        var request = ToRequest(proxy);
        if (request is null)
        {
            return Serialize(Problems.BadBody());
        }

        ManagementResponse response;
        CancellationTokenSource? deadline = null;
        var abandoned = false;
        try
        {
            var (api, bound) = await _api().ConfigureAwait(false);

            // One budget for the whole call, as the authorizer has per decision: the token reaches every store and
            // KMS request, and the wait ends at the deadline even for work that does not watch it (a synchronous
            // SQLite read). Real elapsed time on purpose, not the API's TimeProvider: a hung socket follows no test clock.
            deadline = new CancellationTokenSource(bound);
            var call = api.HandleAsync(request, deadline.Token);
            try
            {
                response = await call.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!call.IsCompleted)
            {
                // The abandoned call ends on the cancelled token (kept undisposed for it); its failure is observed.
                abandoned = true;
                _ = call.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                throw;
            }
        }
#pragma warning disable CA1031 // A failure the caller cannot fix answers without details; the type goes to the log.
        catch (Exception ex) when (deadline?.IsCancellationRequested == true)
        {
            LogFailure("management call passed its deadline", ex);
            response = Problems.DeadlineExceeded();
        }
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailure("management call failed", ex);
            response = Problems.Internal();
        }
        finally
        {
            if (!abandoned)
            {
                deadline?.Dispose();
            }
        }

        return Serialize(response);
    }

    /// <summary>Null when a base64 body does not decode to UTF-8.</summary>
    internal static ManagementRequest? ToRequest(RestProxyRequest proxy)
    {
        var headers = new HeaderMap();
        if (proxy.MultiValueHeaders is { Count: > 0 } multiHeaders)
        {
            foreach (var (name, values) in multiHeaders)
            {
                foreach (var value in values ?? [])
                {
                    if (value is not null)
                    {
                        headers.Add(name, value);
                    }
                }
            }
        }
        else if (proxy.Headers is not null)
        {
            foreach (var (name, value) in proxy.Headers)
            {
                if (value is not null)
                {
                    headers.Add(name, value);
                }
            }
        }

        var query = new QueryMap();
        if (proxy.MultiValueQueryStringParameters is { Count: > 0 } multiQuery)
        {
            foreach (var (name, values) in multiQuery)
            {
                foreach (var value in values ?? [])
                {
                    query.Add(name, value ?? string.Empty);
                }
            }
        }
        else if (proxy.QueryStringParameters is not null)
        {
            foreach (var (name, value) in proxy.QueryStringParameters)
            {
                query.Add(name, value ?? string.Empty);
            }
        }

        var body = proxy.Body;
        if (body is not null && proxy.IsBase64Encoded == true)
        {
            try
            {
                body = new UTF8Encoding(false, true).GetString(Convert.FromBase64String(body));
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                return null;
            }
        }

        return new ManagementRequest
        {
            Method = proxy.HttpMethod ?? proxy.RequestContext?.HttpMethod ?? string.Empty,
            Path = proxy.Path ?? string.Empty,
            Query = query,
            Headers = headers,
            Body = body,
            CallerAppId = CallerAppId(proxy.RequestContext?.Authorizer),
            SourceApiId = proxy.RequestContext?.ApiId,
            SourceStage = proxy.RequestContext?.Stage,
            SourceIp = proxy.RequestContext?.Identity?.SourceIp,
        };
    }

    /// <summary>The authorizer context's <c>appId</c>, else its <c>principalId</c> (the app id too).</summary>
    private static string? CallerAppId(Dictionary<string, JsonElement>? authorizer)
    {
        if (authorizer is null)
        {
            return null;
        }

        foreach (var key in new[] { "appId", "principalId" })
        {
            if (authorizer.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } id)
            {
                return id;
            }
        }

        return null;
    }

    private static MemoryStream Serialize(ManagementResponse response)
    {
        var proxy = new RestProxyResponse
        {
            StatusCode = response.StatusCode,
            Headers = new Dictionary<string, string>(response.Headers, StringComparer.OrdinalIgnoreCase),
            Body = response.Body,
        };
        var stream = new MemoryStream();
        JsonSerializer.Serialize(stream, proxy, FunctionsJsonContext.Default.RestProxyResponse);
        stream.Position = 0;
        return stream;
    }

    private static void LogFailure(string message, Exception ex)
    {
        // The exception's message may carry request data; only its type is logged.
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("level", "error");
            writer.WriteString("message", message);
            writer.WriteString("errorType", ex.GetType().FullName);
            writer.WriteEndObject();
        }

        Console.Error.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
