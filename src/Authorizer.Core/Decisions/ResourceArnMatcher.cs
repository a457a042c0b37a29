namespace Authorizer.Core.Decisions;

/// <summary>
/// Matches an execute-api ARN against a policy resource the way API Gateway does: <c>*</c> matches any run of
/// characters (including <c>/</c> and none at all), <c>?</c> exactly one; everything else literally, case-sensitive.
/// </summary>
public static class ResourceArnMatcher
{
    public static bool Matches(string pattern, string arn)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(arn);

        // Greedy scan with one backtrack point: linear for typical patterns, O(n*m) worst case, no recursion.
        int p = 0, s = 0, star = -1, mark = 0;
        while (s < arn.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || (pattern[p] != '*' && pattern[p] == arn[s])))
            {
                p++;
                s++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = s;
            }
            else if (star >= 0)
            {
                p = star + 1;
                s = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
