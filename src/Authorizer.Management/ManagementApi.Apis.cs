using Authorizer.Core.Model;

namespace Authorizer.Management;

public sealed partial class ManagementApi
{
    private async Task<ManagementResponse> PutApiAsync(CallContext ctx, CancellationToken cancellationToken)
    {
        if (!TryReadBody(ctx, ManagementJsonContext.Default.PutApiSettingsBody, out var body, out var problem)
            || !TryReadVersion(ctx, body.Version, out var expected, out problem))
        {
            return problem;
        }

        var errors = new FieldErrors();
        var defaults = ApiSettings.BuiltInDefault(ctx[0]);
        IReadOnlyList<string> schemes = defaults.AllowedSchemes;
        if (body.AllowedSchemes is not null)
        {
            var list = new List<string>();
            for (var i = 0; i < body.AllowedSchemes.Count; i++)
            {
                var scheme = body.AllowedSchemes[i];
                if (scheme is null || !SchemeIds.IsKnown(scheme))
                {
                    errors.Add($"allowedSchemes[{i}]", $"a scheme is one of {string.Join(", ", SchemeIds.All)}.");
                }
                else if (!list.Contains(scheme, StringComparer.Ordinal))
                {
                    list.Add(scheme);
                }
            }

            schemes = list;
        }

        var location = body.AppcodeLocation switch
        {
            null => defaults.AppCodeLocation,
            "header" => AppCodeLocation.Header,
            "header_and_query" => AppCodeLocation.HeaderAndQuery,
            _ => Invalid(errors, "appcodeLocation", "appcodeLocation must be header or header_and_query.", defaults.AppCodeLocation),
        };
        var replay = body.ReplayProtection switch
        {
            null => defaults.ReplayProtection,
            "required" => ReplayProtection.Required,
            "optional" => ReplayProtection.Optional,
            "off" => ReplayProtection.Off,
            _ => Invalid(errors, "replayProtection", "replayProtection must be required, optional or off.", defaults.ReplayProtection),
        };
        var bodySignatures = body.BodySignatures switch
        {
            null => defaults.BodySignatures,
            "refuse" => BodySignatureMode.Refuse,
            "backend" => BodySignatureMode.Backend,
            _ => Invalid(errors, "bodySignatures", "bodySignatures must be refuse or backend.", defaults.BodySignatures),
        };
        var ttl = body.TokenTtlSeconds ?? defaults.TokenTtlSeconds;
        if (ttl < _options.MinTokenTtlSeconds || ttl > _options.MaxTokenTtlSeconds)
        {
            errors.Add("tokenTtlSeconds", $"tokenTtlSeconds must be from {_options.MinTokenTtlSeconds} to {_options.MaxTokenTtlSeconds}.");
        }

        var jwt = body.Jwt is null ? null : ReadJwt(body.Jwt, errors);
        if (!errors.Any && jwt?.Provider.AppId is { } providerAppId && await _store.GetAppAsync(providerAppId, cancellationToken).ConfigureAwait(false) is null)
        {
            errors.Add("jwt.appId", "appId names no app; create the app that JWT callers act as first, and grant it routes.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        return await DecideAgainOnConflictAsync(
            async () =>
            {
                var existing = await _store.GetApiSettingsAsync(ctx[0], cancellationToken).ConfigureAwait(false);
                if (expected is { } e && (existing is null || existing.Version != e))
                {
                    return existing is null ? Problems.NotFound("The API settings") : Problems.VersionConflict();
                }

                var settings = new ApiSettings
                {
                    ApiId = ctx[0],
                    AllowedSchemes = schemes,
                    AppCodeLocation = location,
                    ReplayProtection = replay,
                    AllowHmacSha1 = body.AllowHmacSha1 ?? false,
                    TokenTtlSeconds = ttl,
                    BodySignatures = bodySignatures,
                    Version = existing?.Version ?? 0,
                    Jwt = jwt,
                };
                var saved = await _store.PutApiSettingsAsync(settings, expected, cancellationToken).ConfigureAwait(false);

                // The store numbers a new item 1: of concurrent first PUTs, only the one that created it answers 201.
                return Json(saved.Version == 1 ? 201 : 200, ToView(saved), ManagementJsonContext.Default.ApiSettingsView, saved.Version);
            },
            versionNamed: expected is not null).ConfigureAwait(false);
    }

    private async Task<ManagementResponse> GetApiAsync(CallContext ctx, CancellationToken cancellationToken)
    {
        var settings = await _store.GetApiSettingsAsync(ctx[0], cancellationToken).ConfigureAwait(false);
        return settings is null
            ? Problems.NotFound("The API settings")
            : Json(200, ToView(settings), ManagementJsonContext.Default.ApiSettingsView, settings.Version);
    }

    private async Task<ManagementResponse> DeleteApiAsync(CallContext ctx, CancellationToken cancellationToken) =>
        await _store.DeleteApiSettingsAsync(ctx[0], cancellationToken).ConfigureAwait(false) ? NoContent() : Problems.NotFound("The API settings");

    private Task<ManagementResponse> ListApisAsync(CallContext ctx, CancellationToken cancellationToken) =>
        ListPageAsync<ApiSettings, ApiSettingsView>(ctx, _store.ListApiSettingsAsync, ToView, ManagementJsonContext.Default.ListViewApiSettingsView, cancellationToken);

    private static T Invalid<T>(FieldErrors errors, string field, string message, T fallback)
    {
        errors.Add(field, message);
        return fallback;
    }

    private static ApiSettingsView ToView(ApiSettings s) => new(
        s.ApiId,
        s.AllowedSchemes,
        s.AppCodeLocation == AppCodeLocation.HeaderAndQuery ? "header_and_query" : "header",
        s.ReplayProtection switch
        {
            ReplayProtection.Required => "required",
            ReplayProtection.Off => "off",
            _ => "optional",
        },
        s.AllowHmacSha1,
        s.TokenTtlSeconds,
        s.BodySignatures == BodySignatureMode.Backend ? "backend" : "refuse",
        s.Version,
        ToJwtView(s.Jwt));
}
