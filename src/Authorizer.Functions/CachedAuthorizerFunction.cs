namespace Authorizer.Functions;

/// <summary>
/// The authorizer behind API Gateway's result cache:
/// <c>Authorizer.Functions::Authorizer.Functions.CachedAuthorizerFunction::Handler</c>. A cached Allow is reused for
/// every request with the same identity source, so this entry serves only stable bearer credentials (AppCode,
/// Basic, app_secret, tokens) and denies the per-request signatures with <c>scheme_not_cacheable</c>; it is the
/// same as <see cref="AuthorizerFunction"/> with <c>AUTHORIZER_RESULT_CACHE=on</c>, on the same container
/// composition, so one process can host both entries (as the local runner does).
/// </summary>
public sealed class CachedAuthorizerFunction
{
    private readonly AuthorizerFunction _inner = new(servesResultCache: true);

    public Task<Stream> Handler(Stream input) => _inner.Handler(input);
}
