using System.Text;
using System.Text.Json;
using Authorizer.Core.Jwt;
using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Core.Store;

namespace Authorizer.Local.Seeding;

/// <summary>What a seed run did for one app.</summary>
internal sealed record SeedResult(SeedApp App, string? AppId, bool Created);

/// <summary>What a seed run did: each app, and the API settings it left as stored because they differ from the seed's.</summary>
internal sealed record SeedReport(IReadOnlyList<SeedResult> Apps, IReadOnlyList<string> KeptApiSettings);

/// <summary>
/// Writes a validated seed into a store: API settings and apps that are not there yet. What the store already
/// holds wins (settings or apps edited through the management API or the console are not reverted by a re-seed).
/// </summary>
internal sealed class Seeder(IAppStore store, ISecretProtector protector, TimeProvider time)
{
    public async Task<SeedReport> SeedAsync(SeedFile seed, CancellationToken cancellationToken)
    {
        // Apps first: an API's JWT provider names a seed app, whose id exists only once it is created.
        var results = new List<SeedResult>();
        foreach (var app in seed.Apps)
        {
            var existing = await store.GetAppByKeyAsync(app.AppKey, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                results.Add(new SeedResult(app, existing.AppId, Created: false));
                continue;
            }

            results.Add(new SeedResult(app, await CreateAsync(app, cancellationToken).ConfigureAwait(false), Created: true));
        }

        var kept = new List<string>();
        foreach (var seeded in seed.Apis)
        {
            var api = WithProviderApp(seeded, seed, results);
            var existing = await store.GetApiSettingsAsync(api.ApiId, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                await store.PutApiSettingsAsync(api with { Version = 0 }, null, cancellationToken).ConfigureAwait(false);
            }
            else if (!SameSettings(existing, api))
            {
                kept.Add(api.ApiId);
            }
        }

        return new SeedReport(results, kept);
    }

    /// <summary>A provider's <c>app</c> names a seed app: its stored id replaces the name.</summary>
    private static ApiSettings WithProviderApp(ApiSettings api, SeedFile seed, List<SeedResult> results)
    {
        if (api.Jwt?.Provider.AppId is not { } name)
        {
            return api;
        }

        var index = seed.Apps.ToList().FindIndex(a => string.Equals(a.Name, name, StringComparison.Ordinal));
        return index < 0 || results[index].AppId is not { } appId
            ? throw new SeedException($"apis[{api.ApiId}].jwt.app: no seed app is named {name}")
            : api with { Jwt = api.Jwt with { Provider = api.Jwt.Provider with { AppId = appId } } };
    }

    private static bool SameSettings(ApiSettings stored, ApiSettings seeded) =>
        stored.AllowedSchemes.SequenceEqual(seeded.AllowedSchemes, StringComparer.Ordinal)
        && stored.AppCodeLocation == seeded.AppCodeLocation
        && stored.ReplayProtection == seeded.ReplayProtection
        && stored.AllowHmacSha1 == seeded.AllowHmacSha1
        && stored.TokenTtlSeconds == seeded.TokenTtlSeconds
        && stored.BodySignatures == seeded.BodySignatures
        && SameJwt(stored.Jwt, seeded.Jwt);

    private static bool SameJwt(JwtSettings? stored, JwtSettings? seeded) =>
        stored is null || seeded is null
            ? stored is null && seeded is null
            : string.Equals(
                JsonSerializer.Serialize(stored, SeedJson.Default.JwtSettings),
                JsonSerializer.Serialize(seeded, SeedJson.Default.JwtSettings),
                StringComparison.Ordinal);

    private async Task<string> CreateAsync(SeedApp app, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var appId = CredentialGenerator.NewId();
        var ciphertext = await protector.ProtectAsync(appId, Encoding.UTF8.GetBytes(app.AppSecret), cancellationToken).ConfigureAwait(false);
        var record = new AppRecord
        {
            AppId = appId,
            Name = app.Name,
            AppKey = app.AppKey,
            Roles = app.Roles,
            Secrets = [new StoredSecret(ciphertext, null)],
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var codes = app.AppCodes
            .Select(code => new AppCodeRecord(CredentialGenerator.NewId(), appId, AppCodeHasher.Hash(code), code[^4..], now))
            .ToList();
        await store.CreateAppAsync(record, codes, cancellationToken).ConfigureAwait(false);
        foreach (var grant in app.Authorizations)
        {
            await store.PutAuthorizationAsync(
                new AppAuthorization
                {
                    AuthId = CredentialGenerator.NewId(),
                    AppId = appId,
                    ApiId = grant.ApiId,
                    Stage = grant.Stage,
                    Routes = grant.Routes,
                    CreatedAt = now,
                },
                cancellationToken).ConfigureAwait(false);
        }

        return appId;
    }
}
