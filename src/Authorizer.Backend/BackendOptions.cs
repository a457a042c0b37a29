namespace Authorizer.Backend;

/// <summary>Limits of the backend checks; every one has a default and is validated when set.</summary>
public sealed record BackendOptions
{
    /// <summary>Lambda's own synchronous payload limit: no proxy event carries a larger body.</summary>
    public const int DefaultMaxBodyBytes = 6 * 1024 * 1024;

    public static readonly BackendOptions Default = new();

    private readonly int _maxBodyBytes = DefaultMaxBodyBytes;

    /// <summary>Largest body (after base64 decoding) that is hashed; a larger one is refused with 413.</summary>
    public int MaxBodyBytes
    {
        get => _maxBodyBytes;
        init => _maxBodyBytes = value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxBodyBytes), value, "MaxBodyBytes must be positive.");
    }
}
