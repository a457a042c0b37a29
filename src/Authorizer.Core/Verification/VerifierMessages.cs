namespace Authorizer.Core.Verification;

/// <summary>Messages shared by several verifiers. None of them ever holds secret material.</summary>
internal static class VerifierMessages
{
    public const string UnknownAppKey = "Unknown AppKey.";
    public const string CredentialExpired = "The AppSecret used has been replaced and its grace period has ended; use the current AppSecret.";

    /// <summary>Header names whose values are credentials; a string to sign that includes one is not shown.</summary>
    public static readonly HashSet<string> SensitiveHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "x-apig-appcode", "x-auth-token", "x-hw-appkey", "x-ca-signature", "cookie",
    };

    public static bool SignsSensitiveHeader(ReadOnlySpan<string> signedHeaders)
    {
        foreach (var name in signedHeaders)
        {
            if (SensitiveHeaders.Contains(name))
            {
                return true;
            }
        }

        return false;
    }

    public static string HeaderValueOf(Requests.HeaderMap headers, string name)
    {
        var values = headers.GetAll(name);
        return values.Count switch
        {
            0 => string.Empty,
            1 => values[0],
            _ => string.Join(',', values),
        };
    }
}
