using Authorizer.Core.Decisions;
using Authorizer.Functions.Logging;
using Authorizer.Functions.Settings;

namespace Authorizer.Functions.Hosting;

/// <summary>
/// The composition root: everything a function needs, built once per container from
/// <see cref="AuthorizerSettings"/>. Dispose it when it owns a local store (the local runner, tests); the Lambda
/// container's shared instance lives as long as the process.
/// </summary>
public sealed class AuthorizerServices : IDisposable
{
    private static readonly Lazy<AuthorizerServices> SharedInstance =
        new(() => Create(AuthorizerSettings.FromEnvironment()), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly IDisposable? _owned;

    internal AuthorizerServices(AuthorizerSettings settings, TimeProvider time, IAuthorizer authorizer, DecisionLog log, IDisposable? owned = null)
    {
        Settings = settings;
        Time = time;
        Authorizer = authorizer;
        Log = log;
        _owned = owned;
    }

    /// <summary>The container's composition from the process environment; a bad setting fails here, at cold start.</summary>
    public static AuthorizerServices Shared => SharedInstance.Value;

    public AuthorizerSettings Settings { get; }

    public TimeProvider Time { get; }

    public IAuthorizer Authorizer { get; }

    public DecisionLog Log { get; }

    /// <summary>Builds the production composition for <paramref name="settings"/>.</summary>
    public static AuthorizerServices Create(AuthorizerSettings settings, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _ = time;
        throw new NotSupportedException("The store and engine are not part of this build yet.");
    }

    public void Dispose() => _owned?.Dispose();
}
