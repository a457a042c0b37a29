using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Core.Store;
using Authorizer.Core.Tokens;
using Authorizer.Core.Verification;

namespace Authorizer.Management;

/// <summary>
/// The management API (<c>/v1</c>), transport-neutral. Every route but <c>POST /v1/tokens</c> and
/// <c>GET /v1/openapi.json</c> requires the caller to be an enabled app with the <c>admin</c> role, checked
/// against the store on every call.
/// </summary>
public sealed partial class ManagementApi
{
    private readonly IAppStore _store;
    private readonly ISecretProtector _protector;
    private readonly TokenIssuer? _issuer;
    private readonly ITokenValidator? _tokens;
    private readonly TimeProvider _time;
    private readonly ManagementOptions _options;
    private readonly AppFactory _factory;
    private readonly AppSecretCheck _secrets;

    /// <param name="issuer">Null when no token signing key is configured: the token routes then answer 503.</param>
    /// <param name="tokenValidator">Verifies tokens given to <c>POST /v1/tokens/revoke</c>; null with <paramref name="issuer"/>.</param>
    public ManagementApi(
        IAppStore store,
        ISecretProtector protector,
        TokenIssuer? issuer,
        ITokenValidator? tokenValidator,
        TimeProvider time,
        ManagementOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _protector = protector;
        _issuer = issuer;
        _tokens = tokenValidator;
        _time = time;
        _options = options ?? new ManagementOptions();
        _factory = new AppFactory(store, protector, time);
        _secrets = new AppSecretCheck(store, protector, _options.FailureThrottle, time);
    }

    /// <summary>Answers one call. Store failures other than conflicts propagate (the function answers 500).</summary>
    public async Task<ManagementResponse> HandleAsync(ManagementRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ConsoleAssets.Owns(request.Path))
        {
            return ConsoleAssets.Serve(request.Method.ToUpperInvariant(), request.Path);
        }

        var match = ManagementRoutes.Match(request.Path);
        if (match is null)
        {
            return Problems.NotFound("The route");
        }

        var method = request.Method.ToUpperInvariant();
        if (!match.Value.Methods.Contains(method, StringComparer.Ordinal))
        {
            return Problems.MethodNotAllowed(match.Value.Methods);
        }

        var route = match.Value.Route;
        if (route is not (RouteId.Tokens or RouteId.OpenApi))
        {
            var denied = await CheckAdminAsync(request.CallerAppId, cancellationToken).ConfigureAwait(false);
            if (denied is not null)
            {
                return denied;
            }
        }

        var body = request.Body ?? string.Empty;
        if (Encoding.UTF8.GetByteCount(body) > _options.MaxBodyBytes)
        {
            return Problems.PayloadTooLarge(_options.MaxBodyBytes);
        }

        if (body.Length > 0 && !IsJson(request))
        {
            return Problems.UnsupportedMediaType();
        }

        var ctx = new CallContext(request, match.Value.Values, method);
        try
        {
            return (route, method) switch
            {
                (RouteId.Apps, "POST") => await CreateAppAsync(ctx, cancellationToken).ConfigureAwait(false),
                (RouteId.Apps, _) => await ListAppsAsync(ctx, cancellationToken).ConfigureAwait(false),
                (RouteId.App, "GET") => await GetAppAsync(ctx, cancellationToken).ConfigureAwait(false),
                (RouteId.App, "PATCH") => await UpdateAppAsync(ctx, cancellationToken).ConfigureAwait(false),
                (RouteId.App, _) => await DeleteAppAsync(ctx, cancellationToken).ConfigureAwait(false),
                (RouteId.SecretReset, _) => await ResetSecretAsync(ctx, cancellationToken).ConfigureAwait(false),
                (RouteId.AppTokensRevoke, _) => await RevokeAppTokensAsync(ctx, cancellationToken).ConfigureAwait(false),
                (RouteId.AppCodes, "POST") => await AddAppCodeAsync(ctx, cancellationToken).ConfigureAwait(false),
                (RouteId.AppCodes, _) => await ListAppCodesAsync(ctx, cancellationToken).ConfigureAwait(false),
                (RouteId.AppCode, _) => await DeleteAppCodeAsync(ctx, cancellationToken).ConfigureAwait(false),
                (RouteId.AppAuthorizations, "POST") => await CreateAuthorizationAsync(ctx, cancellationToken).ConfigureAwait(false),
                (RouteId.AppAuthorizations, _) => await ListAppAuthorizationsAsync(ctx, cancellationToken).ConfigureAwait(false),
                (RouteId.AppAuthorization, _) => await DeleteAuthorizationAsync(ctx, cancellationToken).ConfigureAwait(false),
                (RouteId.Apis, _) => await ListApisAsync(ctx, cancellationToken).ConfigureAwait(false),
                (RouteId.Api, "PUT") => await PutApiAsync(ctx, cancellationToken).ConfigureAwait(false),
                (RouteId.Api, "GET") => await GetApiAsync(ctx, cancellationToken).ConfigureAwait(false),
                (RouteId.Api, _) => await DeleteApiAsync(ctx, cancellationToken).ConfigureAwait(false),
                (RouteId.ApiAuthorizations, _) => await ListApiAuthorizationsAsync(ctx, cancellationToken).ConfigureAwait(false),
                (RouteId.Tokens, _) => await IssueTokenAsync(ctx, cancellationToken).ConfigureAwait(false),
                (RouteId.TokenRevoke, _) => await RevokeTokenAsync(ctx, cancellationToken).ConfigureAwait(false),
                (RouteId.OpenApi, _) => OpenApi(),
                _ => Problems.NotFound("The route"),
            };
        }
        catch (Exception ex) when (ex is StoreConflictException or AdminGuardConflictException)
        {
            return Problems.VersionConflict();
        }
    }

    private async Task<ManagementResponse?> CheckAdminAsync(string? callerAppId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(callerAppId))
        {
            return Problems.Unauthenticated();
        }

        var caller = await _store.GetAppAsync(callerAppId, cancellationToken).ConfigureAwait(false);
        return caller is { IsEnabled: true } && caller.HasRole(AppRoles.Admin) ? null : Problems.Forbidden();
    }

    private static bool IsJson(ManagementRequest request)
    {
        var contentType = request.Headers.GetFirst("Content-Type");
        if (contentType is null || request.Headers.CountOf("Content-Type") != 1)
        {
            return false;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Parses the body; an empty body reads as <c>{}</c>.</summary>
    private static bool TryReadBody<T>(CallContext ctx, JsonTypeInfo<T> typeInfo, out T value, out ManagementResponse problem)
        where T : class, new()
    {
        problem = null!;
        value = new T();
        var body = ctx.Request.Body;
        if (string.IsNullOrWhiteSpace(body))
        {
            return true;
        }

        try
        {
            var parsed = JsonSerializer.Deserialize(body, typeInfo);
            if (parsed is null)
            {
                problem = Problems.InvalidJson("$");
                return false;
            }

            value = parsed;
            return true;
        }
        catch (JsonException ex)
        {
            problem = Problems.InvalidJson(string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path);
            return false;
        }
    }

    private static ManagementResponse Json<T>(int status, T value, JsonTypeInfo<T> typeInfo, long? version = null, Dictionary<string, string>? extra = null)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = "application/json",
            ["Cache-Control"] = "no-store",
        };
        if (version is { } v)
        {
            headers["ETag"] = $"\"{v}\"";
        }

        if (extra is not null)
        {
            foreach (var (name, headerValue) in extra)
            {
                headers[name] = headerValue;
            }
        }

        // A final newline, so a body printed by curl -s ends its line.
        return new ManagementResponse(status, headers, JsonSerializer.Serialize(value, typeInfo) + "\n");
    }

    private static ManagementResponse OpenApi() =>
        new(
            200,
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["Content-Type"] = "application/json",
                ["Cache-Control"] = "no-cache",
            },
            OpenApiDocument.Json);

    private static ManagementResponse NoContent() =>
        new(204, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Cache-Control"] = "no-store" }, string.Empty);

    /// <summary>One page of a store listing as a list view; a token the store rejects is a validation problem.</summary>
    private async Task<ManagementResponse> ListPageAsync<T, TView>(
        CallContext ctx,
        Func<int, string?, CancellationToken, Task<Page<T>>> list,
        Func<T, TView> toView,
        JsonTypeInfo<ListView<TView>> typeInfo,
        CancellationToken cancellationToken)
    {
        if (!TryReadPaging(ctx, out var limit, out var nextToken, out var problem))
        {
            return problem;
        }

        Page<T> page;
        try
        {
            page = await list(limit, nextToken, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            return Problems.Validation("nextToken", "nextToken is not valid.");
        }

        return Json(200, new ListView<TView>(page.Items.Select(toView).ToList(), page.NextToken), typeInfo);
    }

    /// <summary>Reads <c>limit</c> (1..max, default) and <c>nextToken</c> from the query.</summary>
    private bool TryReadPaging(CallContext ctx, out int limit, out string? nextToken, out ManagementResponse problem)
    {
        problem = null!;
        limit = _options.DefaultPageSize;
        nextToken = null;
        var errors = new FieldErrors();
        var limits = ctx.Request.Query.GetAll("limit");
        if (limits.Count > 1)
        {
            errors.Add("limit", "limit must be given once.");
        }
        else if (limits.Count == 1)
        {
            if (!int.TryParse(limits[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit)
                || limit < 1 || limit > _options.MaxPageSize)
            {
                errors.Add("limit", $"limit must be an integer from 1 to {_options.MaxPageSize}.");
            }
        }

        var tokens = ctx.Request.Query.GetAll("nextToken");
        if (tokens.Count > 1)
        {
            errors.Add("nextToken", "nextToken must be given once.");
        }
        else if (tokens.Count == 1)
        {
            if (tokens[0].Length is 0 or > 2048)
            {
                errors.Add("nextToken", "nextToken is not valid.");
            }

            nextToken = tokens[0];
        }

        if (errors.Any)
        {
            problem = Problems.Validation(errors);
            return false;
        }

        return true;
    }

    /// <summary>
    /// The expected version from <c>If-Match</c> (<c>"3"</c>, <c>W/"3"</c> or <c>3</c>) or the body's
    /// <c>version</c>; both given must agree.
    /// </summary>
    private static bool TryReadVersion(CallContext ctx, long? bodyVersion, out long? version, out ManagementResponse problem)
    {
        problem = null!;
        version = bodyVersion;
        if (bodyVersion is < 0)
        {
            problem = Problems.Validation("version", "version must not be negative.");
            return false;
        }

        var values = ctx.Request.Headers.GetAll("If-Match");
        if (values.Count == 0)
        {
            return true;
        }

        var raw = values.Count == 1 ? values[0].Trim() : string.Empty;
        if (raw.StartsWith("W/", StringComparison.Ordinal))
        {
            raw = raw[2..];
        }

        if (raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"')
        {
            raw = raw[1..^1];
        }

        if (!long.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var headerVersion))
        {
            problem = Problems.Validation("If-Match", "If-Match must hold the resource's version, e.g. \"3\".");
            return false;
        }

        if (bodyVersion is { } b && b != headerVersion)
        {
            problem = Problems.Validation("version", "version and If-Match disagree.");
            return false;
        }

        version = headerVersion;
        return true;
    }

    private readonly record struct CallContext(ManagementRequest Request, IReadOnlyList<string> Values, string Method)
    {
        public string this[int index] => Values[index];
    }
}
