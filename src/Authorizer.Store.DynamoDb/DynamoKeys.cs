using Amazon.DynamoDBv2.Model;

namespace Authorizer.Store.DynamoDb;

/// <summary>
/// Item keys of the one-table layout. Components are escaped (<c>%</c> → <c>%25</c>, <c>#</c> → <c>%23</c>) so an id
/// holding <c>#</c> can never produce another item's key.
/// </summary>
internal static class DynamoKeys
{
    public const string Pk = "PK";
    public const string Sk = "SK";
    public const string Gsi1Pk = "GSI1PK";
    public const string Gsi1Sk = "GSI1SK";
    public const string Gsi1 = "GSI1";
    public const string VersionAttr = "version";
    public const string Body = "body";
    public const string ExpiresAt = "expiresAt";
    public const string AppId = "appId";
    public const string AppKey = "appKey";
    public const string CodeId = "codeId";
    public const string CodeHash = "codeHash";
    public const string Last4 = "last4";
    public const string CreatedAt = "createdAt";
    public const string Count = "count";

    public const string MetaSk = "META";
    public const string KeySk = "APP";
    public const string CodeHashSk = "APP";
    public const string NonceSk = "N";
    public const string RevokedSk = "R";
    public const string FailuresSk = "F";
    public const string CodeSkPrefix = "CODE#";
    public const string AuthSkPrefix = "AUTH#";

    /// <summary>The guard item that adds under an AppCode limit move (in the app's partition, so the app's delete sweeps it).</summary>
    public const string CodeSetSk = "CODESET";

    /// <summary>The admin guard's one item (see <c>IAppStore.GetAdminGuardAsync</c>).</summary>
    public const string AdminGuardPk = "ADMINGUARD";
    public const string AdminGuardSk = "G";

    public const string AppsPartition = "APPS";
    public const string ApisPartition = "APIS";

    public static string AppPk(string appId) => "APP#" + Escape(appId);
    public static string KeyPk(string appKey) => "KEY#" + Escape(appKey);
    public static string CodeHashPk(string codeHash) => "CODE#" + Escape(codeHash);
    public static string CodeSk(string codeId) => CodeSkPrefix + Escape(codeId);
    public static string ApiPk(string apiId) => "API#" + Escape(apiId);
    public static string AuthSk(string authId) => AuthSkPrefix + Escape(authId);
    public static string AuthApiPartition(string apiId) => "AUTHAPI#" + Escape(apiId);
    public static string AuthApiSort(string appId, string authId) => Escape(appId) + "#" + Escape(authId);
    public static string NoncePk(string appKey, string nonce) => "NONCE#" + Escape(appKey) + "#" + Escape(nonce);
    public static string JtiPk(string jti) => "JTI#" + Escape(jti);

    /// <summary>The failure throttle's counters all lead with <c>THROTTLE#</c>, so IAM can limit writes to them.</summary>
    public static string ThrottlePk(string counter) => "THROTTLE#" + Escape(counter);

    public static Dictionary<string, AttributeValue> Key(string pk, string sk) => new()
    {
        [Pk] = S(pk),
        [Sk] = S(sk),
    };

    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue N(long value) => new() { N = value.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Contains('%', StringComparison.Ordinal) || value.Contains('#', StringComparison.Ordinal)
            ? value.Replace("%", "%25", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal)
            : value;
    }

    /// <summary>TTL attribute value: epoch seconds rounded up, so an item is never treated as expired early.</summary>
    public static long EpochSeconds(DateTimeOffset at)
    {
        var ms = at.ToUnixTimeMilliseconds();
        return (ms / 1000) + (ms % 1000 > 0 ? 1 : 0);
    }
}
