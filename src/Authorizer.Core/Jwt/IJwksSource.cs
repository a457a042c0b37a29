namespace Authorizer.Core.Jwt;

/// <summary>Where a provider's remote keys come from (<see cref="JwksCache"/> over HTTPS; a fake in tests).</summary>
public interface IJwksSource
{
    /// <summary>
    /// The key set at <paramref name="uri"/>. <paramref name="unknownKid"/> says a token named a key the set lacks, which
    /// may refresh the set (at most once per interval). Null keys mean none could be had: the caller fails closed.
    /// </summary>
    ValueTask<JwksLookup> GetAsync(string uri, bool unknownKid, CancellationToken cancellationToken);

    /// <summary>
    /// The key set named by the <c>jwks_uri</c> of <paramref name="issuer"/>'s OpenID Connect discovery document, whose
    /// own <c>issuer</c> must equal <paramref name="issuer"/> exactly; otherwise as <see cref="GetAsync"/>.
    /// </summary>
    ValueTask<JwksLookup> DiscoverAsync(string issuer, bool unknownKid, CancellationToken cancellationToken);
}

/// <summary>A key set (or null when unavailable), and whether this call fetched it anew.</summary>
public readonly record struct JwksLookup(JsonWebKeySet? Keys, bool Refreshed);
