using Authorizer.Core.Model;
using Authorizer.Core.Requests;
using Authorizer.Core.Signing;
using Authorizer.Security.Tests.Infrastructure;

namespace Authorizer.Security.Tests.Properties;

/// <summary>Signs a generated request with the product's client signer, the way a caller would.</summary>
internal sealed class Signing
{
    private readonly EngineWorld _world;
    private readonly RequestSigner _signer;
    private long _nonce;

    public Signing(EngineWorld world)
    {
        _world = world;
        _signer = new RequestSigner(world.Time);
    }

    public List<KeyValuePair<string, string>> SignedHeaders(GeneratedRequest request)
    {
        var credentials = request.Scheme switch
        {
            SchemeIds.SignatureCa => SigningCredentials.ForSignatureCa(CorpusSecrets.AppKey, CorpusSecrets.AppSecret),
            SchemeIds.SignatureSdk => SigningCredentials.ForSignatureSdk(CorpusSecrets.AppKey, CorpusSecrets.AppSecret),
            SchemeIds.AppCode => SigningCredentials.ForAppCode(EngineWorld.AppCode),
            SchemeIds.AppBasic => SigningCredentials.ForAppBasic(CorpusSecrets.AppKey, CorpusSecrets.AppSecret),
            SchemeIds.AppSecret => SigningCredentials.ForAppSecret(CorpusSecrets.AppKey, CorpusSecrets.AppSecret),
            _ => throw new ArgumentException(request.Scheme, nameof(request)),
        };
        var options = new SigningOptions
        {
            Timestamp = _world.Time.GetUtcNow(),
            Nonce = "n-" + Interlocked.Increment(ref _nonce).ToString(System.Globalization.CultureInfo.InvariantCulture),
            AdditionalSignedHeaders = request.SignTenant ? ["x-tenant"] : [],
        };
        var signable = new SignableRequest(request.Method, request.Path, request.Query, request.Headers);
        var headers = new List<KeyValuePair<string, string>>(request.Headers);
        headers.AddRange(_signer.Sign(signable, credentials, options));
        return headers;
    }

    public static AuthRequest ToAuthRequest(GeneratedRequest request, IEnumerable<KeyValuePair<string, string>> headers) =>
        EngineWorld.Request(request.Method, request.Path, request.Query, headers);
}
