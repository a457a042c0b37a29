using Authorizer.Functions.Settings;

namespace Authorizer.Functions.Hosting;

/// <summary>
/// The one composition per Lambda container. Settings are read once (a bad one stays a failed cold start);
/// a composition that failed for a transient reason (KMS unreachable) is rebuilt on the next invocation.
/// </summary>
internal static class SharedComposition
{
    private static readonly Lazy<AuthorizerSettings> Settings = new(AuthorizerSettings.FromEnvironment);
    private static readonly Lock Gate = new();
    private static Task<AuthorizerServices>? _services;

    public static Task<AuthorizerServices> GetServicesAsync()
    {
        AuthorizerSettings settings;
        try
        {
            settings = Settings.Value;
        }
        catch (AuthorizerSettingsException ex)
        {
            return Task.FromException<AuthorizerServices>(ex);
        }

        lock (Gate)
        {
            if (_services is null || _services.IsFaulted || _services.IsCanceled)
            {
                _services = AuthorizerServices.CreateAsync(settings);
            }

            return _services;
        }
    }
}
