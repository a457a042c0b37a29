using Authorizer.Core.Decisions;
using Authorizer.Local.Functions;
using Authorizer.Local.Gateway;
using Authorizer.Local.Seeding;
using Authorizer.Local.Template;
using Authorizer.Management;

namespace Authorizer.Local.Commands;

internal sealed record RunnerOptions
{
    public required string TemplatePath { get; init; }
    public int Port { get; init; } = 3000;
    public string? Store { get; init; }
    public string? SeedPath { get; init; }
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>The credentials a start loaded, to print once.</summary>
internal sealed record StartCredentials(string Role, string Name, string AppKey, string AppSecret, string? AppCode);

/// <summary>
/// <c>start-api</c> without the console: opens the store, seeds it (from <c>--seed</c>, or on a first start a
/// demo and an admin app, and the demo identity provider on the first HTTP API), points the functions at it and
/// serves every API of the template, with the demo identity provider's JWKS beside them.
/// </summary>
internal sealed class LocalRunner : IAsyncDisposable
{
    private readonly LocalStore _store;

    private LocalRunner(
        LocalStore store,
        LocalGateway gateway,
        SamTemplate template,
        IReadOnlyList<StartCredentials> credentials,
        bool firstStart,
        DemoIdentityProvider identityProvider)
    {
        _store = store;
        IdentityProvider = identityProvider;
        Gateway = gateway;
        Template = template;
        Credentials = credentials;
        FirstStart = firstStart;
    }

    public LocalGateway Gateway { get; }

    public SamTemplate Template { get; }

    public IReadOnlyList<StartCredentials> Credentials { get; }

    /// <summary>The APIs the demo seed gave <c>bodySignatures: backend</c>; empty when it did not run.</summary>
    public IReadOnlyList<string> BodySignatureApis { get; private init; } = [];

    public bool FirstStart { get; }

    /// <summary>The demo identity provider, whose key lives in the state folder whatever the seed.</summary>
    public DemoIdentityProvider IdentityProvider { get; }

    /// <summary>The API whose stored settings take the demo identity provider's tokens; null when none does.</summary>
    public string? DemoJwtApi { get; private init; }

    public string StoreDescription => _store.Description;

    public string StateDirectory => _store.StateDirectory;

    public bool StorePersists => _store.Persists;

    public static async Task<LocalRunner> StartAsync(RunnerOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var template = ConsoleRoutes.AddTo(TemplateReader.Read(options.TemplatePath));
        SeedFile? seed = null;
        if (options.SeedPath is not null)
        {
            if (!File.Exists(options.SeedPath))
            {
                throw new UsageException($"--seed: {options.SeedPath} not found");
            }

            seed = SeedParser.Parse(await File.ReadAllTextAsync(options.SeedPath, cancellationToken).ConfigureAwait(false));
        }

        var store = await LocalStore.OpenAsync(options.Store, options.Time, cancellationToken, options.TemplatePath).ConfigureAwait(false);
        try
        {
            var credentials = new List<StartCredentials>();
            IReadOnlyList<string> bodySignatureApis = [];
            var identityProvider = DemoIdentityProvider.LoadOrCreate(store.StateDirectory);
            var firstStart = (await store.Store.ListAppsAsync(1, null, cancellationToken).ConfigureAwait(false)).Items.Count == 0;
            var seeder = new Seeder(store.Store, store.Protector, options.Time);
            if (seed is not null)
            {
                var report = await seeder.SeedAsync(seed, cancellationToken).ConfigureAwait(false);
                await SeedNotes.WriteAsync(report, store.Description, log).ConfigureAwait(false);
                credentials.AddRange(report.Apps.Select(result => ToCredentials(result.App)));
            }
            else if (firstStart)
            {
                bodySignatureApis = [.. ApiContext.Assign(template.Apis).Where(a => a.Definition.Kind == ApiKind.Http).Select(a => a.ApiId)];

                // The HTTP API, not the REST API: there the console and docs send our own tokens as Bearer.
                var jwtApi = bodySignatureApis.Count > 0 ? bodySignatureApis[0] : null;
                var demo = DemoSeed.Create(bodySignatureApis, jwtApi is null ? null : new DemoJwt(jwtApi, identityProvider.Settings()));
                await seeder.SeedAsync(demo, cancellationToken).ConfigureAwait(false);
                var admin = await new AdminBootstrapper(store.Store, store.Protector, options.Time)
                    .CreateFirstAdminAsync("admin", cancellationToken).ConfigureAwait(false);
                if (admin is not null)
                {
                    await AdminAccess.GrantAsync(store.Store, admin.AppId, options.Time, cancellationToken).ConfigureAwait(false);
                    credentials.Add(new StartCredentials("admin", "admin", admin.AppKey, admin.AppSecret, admin.AppCode));
                }

                // The provider's app is reached through tokens only; its own credentials are never shown.
                credentials.AddRange(demo.Apps.Where(a => a.Name != DemoIdentityProvider.AppName).Select(ToCredentials));
            }

            var demoJwtApi = await DemoJwtApiAsync(store, template, identityProvider, cancellationToken).ConfigureAwait(false);
            FunctionHost.ApplyEnvironment(template.Functions.Values, store.EnvironmentOverrides);
            var gateway = await LocalGateway.StartAsync(template, options.Port, options.Time, log, ResourceArnMatcher.Matches, cancellationToken, identityProvider.Jwks)
                .ConfigureAwait(false);
            return new LocalRunner(store, gateway, template, credentials, firstStart, identityProvider)
            {
                BodySignatureApis = bodySignatureApis,
                DemoJwtApi = demoJwtApi,
            };
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync().ConfigureAwait(false);
        await _store.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The API whose stored provider holds the demo key set (the demo seed's, on this start or an earlier one), so the
    /// banner shows the mint command whenever its tokens are accepted, and never when they are not.
    /// </summary>
    private static async Task<string?> DemoJwtApiAsync(LocalStore store, SamTemplate template, DemoIdentityProvider provider, CancellationToken cancellationToken)
    {
        foreach (var api in ApiContext.Assign(template.Apis))
        {
            var settings = await store.Store.GetApiSettingsAsync(api.ApiId, cancellationToken).ConfigureAwait(false);
            if (string.Equals(settings?.Jwt?.Provider.Jwks, provider.Jwks, StringComparison.Ordinal))
            {
                return api.ApiId;
            }
        }

        return null;
    }

    private static StartCredentials ToCredentials(SeedApp app) => new(
        app.Roles.Contains("admin", StringComparer.Ordinal) ? "admin" : "app",
        app.Name,
        app.AppKey,
        app.AppSecret,
        app.AppCodes.Count > 0 ? app.AppCodes[0] : null);
}
