namespace Authorizer.Interop.Tests.Corpus;

/// <summary>
/// The case names <c>node/sign-corpus.js</c> produces, known before the corpus is signed so that every case is
/// its own test. <see cref="CorpusShapeTests"/> checks this list against what the script printed.
/// </summary>
public static class CaseNames
{
    public static readonly IReadOnlyList<string> All =
    [
        "ali-get-vanilla",
        "ali-get-query-sorted",
        "ali-get-query-empty-value",
        "ali-get-query-repeated-name",
        "ali-get-query-unicode-reserved",
        "ali-get-query-in-url-preencoded",
        "ali-get-path-unicode-encoded",
        "ali-get-path-space-literal",
        "ali-get-path-subdelims",
        "ali-get-path-and-query-unicode",
        "ali-get-signed-custom-header",
        "ali-get-signed-headers-and-unsigned-extra",
        "ali-get-date-header",
        "ali-get-custom-accept",
        "ali-post-json-content-md5",
        "ali-post-json-with-query",
        "ali-post-json-charset",
        "ali-put-json",
        "ali-delete-with-query",
        "ali-get-stage-test",
        "ali-post-form-with-params",
        "hw-get-vanilla",
        "hw-get-query-sorted-repeated",
        "hw-get-query-empty-value",
        "hw-get-query-unicode-reserved",
        "hw-get-path-unicode-literal",
        "hw-get-path-unicode-preencoded",
        "hw-get-path-space",
        "hw-get-path-subdelims",
        "hw-get-trailing-slash",
        "hw-get-extra-signed-headers",
        "hw-delete-extra-header",
        "hw-delete-with-query",
        "hw-post-json-content-sha256",
        "hw-put-json-content-sha256-with-query",
        "hw-put-text-unsigned-payload",
        "hw-post-json-without-content-sha256",
    ];

    /// <summary>
    /// Cases an official SDK signs in a way no authorizer can verify, with the Deny code (docs/authentication.md §3); every
    /// other case must be accepted. The script states the same expectations; the shape test compares them.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Rejected = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ali-post-form-with-params"] = "invalid_signature",
        ["hw-get-path-unicode-preencoded"] = "invalid_signature",
        ["hw-get-path-space"] = "invalid_signature",
        ["hw-post-json-without-content-sha256"] = "invalid_signature",
    };

    public static TheoryData<string> Theory() => Data(All);

    public static TheoryData<string> AcceptedTheory() => Data(All.Where(n => !Rejected.ContainsKey(n)));

    public static TheoryData<string> AcceptedAliyunTheory() =>
        Data(All.Where(n => !Rejected.ContainsKey(n) && n.StartsWith("ali-", StringComparison.Ordinal)));

    private static TheoryData<string> Data(IEnumerable<string> names)
    {
        var data = new TheoryData<string>();
        foreach (var name in names)
        {
            data.Add(name);
        }

        return data;
    }
}
