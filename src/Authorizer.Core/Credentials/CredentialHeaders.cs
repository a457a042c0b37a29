using Authorizer.Core.Requests;
using Authorizer.Core.Signing;

namespace Authorizer.Core.Credentials;

/// <summary>
/// The values of the headers that can carry a credential, gathered in one walk over the request's headers: the
/// extractor asks about seven names, several of them twice, and a request carries about ten headers, so one walk
/// comparing names (by length first) costs less than a dozen case-insensitive hash lookups that almost all miss.
/// Names compare as <see cref="HeaderMap"/> does (ordinal, ignoring case), so each value list is exactly what
/// <see cref="HeaderMap.GetAll"/> would answer.
/// </summary>
internal readonly struct CredentialHeaders
{
    private static readonly IReadOnlyList<string> None = [];

    private CredentialHeaders(
        IReadOnlyList<string>? authorization,
        IReadOnlyList<string>? appCode,
        IReadOnlyList<string>? authToken,
        IReadOnlyList<string>? caSignature,
        IReadOnlyList<string>? caKey,
        IReadOnlyList<string>? hwId,
        IReadOnlyList<string>? hwAppKey)
    {
        Authorization = authorization ?? None;
        AppCode = appCode ?? None;
        AuthToken = authToken ?? None;
        CaSignature = caSignature ?? None;
        CaKey = caKey ?? None;
        HwId = hwId ?? None;
        HwAppKey = hwAppKey ?? None;
    }

    public IReadOnlyList<string> Authorization { get; }

    public IReadOnlyList<string> AppCode { get; }

    public IReadOnlyList<string> AuthToken { get; }

    public IReadOnlyList<string> CaSignature { get; }

    public IReadOnlyList<string> CaKey { get; }

    public IReadOnlyList<string> HwId { get; }

    public IReadOnlyList<string> HwAppKey { get; }

    /// <param name="skipAuthorization">Leave <c>Authorization</c> out (it holds the API's JWT, not an app credential).</param>
    public static CredentialHeaders Collect(HeaderMap headers, bool skipAuthorization)
    {
        IReadOnlyList<string>? authorization = null, appCode = null, authToken = null, caSignature = null, caKey = null, hwId = null, hwAppKey = null;
        foreach (var (name, values) in headers)
        {
            switch (name.Length)
            {
                case 7 when Is(name, CredentialExtractor.HwIdHeader):
                    hwId = values;
                    break;
                case 8 when Is(name, CaHeaders.Key):
                    caKey = values;
                    break;
                case 11 when Is(name, CredentialExtractor.HwAppKeyHeader):
                    hwAppKey = values;
                    break;
                case 12 when Is(name, CredentialExtractor.AuthTokenHeader):
                    authToken = values;
                    break;
                case 13 when !skipAuthorization && Is(name, "Authorization"):
                    authorization = values;
                    break;
                case 14 when Is(name, CredentialExtractor.AppCodeHeader):
                    appCode = values;
                    break;
                case 14 when Is(name, CaHeaders.Signature):
                    caSignature = values;
                    break;
            }
        }

        return new CredentialHeaders(authorization, appCode, authToken, caSignature, caKey, hwId, hwAppKey);
    }

    /// <summary>The values of <paramref name="name"/>, one of <see cref="CredentialExtractor"/>'s joinable single-value headers.</summary>
    public IReadOnlyList<string> Of(string name) => name switch
    {
        CredentialExtractor.AppCodeHeader => AppCode,
        CredentialExtractor.AuthTokenHeader => AuthToken,
        CaHeaders.Signature => CaSignature,
        CaHeaders.Key => CaKey,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static bool Is(string name, string known) => string.Equals(name, known, StringComparison.OrdinalIgnoreCase);
}
