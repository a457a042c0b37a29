using System.Text;
using System.Text.RegularExpressions;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Requests;
using FsCheck;
using FsCheck.Fluent;

namespace Authorizer.Core.Tests;

/// <summary>
/// Decision == policy: for random grant lists and random requests, the policy an Allow carries, evaluated the way
/// API Gateway evaluates it (some Allow resource matches, no Deny resource does; <c>*</c> spans <c>/</c>), allows
/// the request exactly when the decision does, and never allows another request the decision would refuse
/// (a cached policy is reused for other requests). The decision itself is checked against a regular expression
/// written from the documented grant semantics.
/// </summary>
public sealed class RoutePolicyPropertyTests
{
    private const string Prefix = "arn:aws:execute-api:us-east-1:123456789012:api123/Prod/";
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddYears(56);
    private static readonly string[] ArnMethods = ["GET", "POST", "DELETE"];

    private static Gen<string> GrantPath =>
        Gen.OneOf(
            Gen.Constant("*"),
            from count in Gen.Choose(1, 3)
            from segments in Gen.ArrayOf(Gen.Elements("a", "b", "{id}", "{n}", "*", "{proxy+}", "a.b"), count)
            from trailingSlash in Gen.Elements(false, false, false, true)
            select "/" + string.Join('/', segments) + (trailingSlash ? "/" : string.Empty));

    private static Gen<RouteGrant> Grant =>
        from method in Gen.Elements("GET", "POST", "*")
        from path in GrantPath
        select new RouteGrant(method, path);

    private static Gen<AppAuthorization[]> Authorizations =>
        from count in Gen.Choose(1, 3)
        from grants in Gen.ArrayOf(Gen.ArrayOf(Grant, 2), count)
        from sizes in Gen.ArrayOf(Gen.Choose(1, 2), count)
        select grants.Select((routes, i) => new AppAuthorization
        {
            AuthId = "auth-" + i,
            AppId = "app",
            ApiId = "api123",
            Stage = "*",
            Routes = routes.Take(sizes[i]).ToList(),
        }).ToArray();

    private static Gen<string> Arn =>
        from method in Gen.Elements(ArnMethods)
        from count in Gen.Choose(0, 4)
        from segments in Gen.ArrayOf(Gen.Elements("a", "b", "c", string.Empty, "a.b", "{id}"), count)
        select Prefix + method + "/" + string.Join('/', segments);

    [Fact]
    public void The_policy_allows_this_request_exactly_when_the_decision_does_and_no_other_request_the_decision_refuses()
    {
        var cases = from authorizations in Authorizations
                    from arn in Arn
                    from others in Gen.ArrayOf(Arn, 12)
                    select (Authorizations: authorizations, Arn: arn, Others: others);
        var allowed = 0;
        var deniesWritten = 0;
        Check.One(
            PropertyRun.Config(600, 401),
            Prop.ForAll(cases.ToArbitrary(), input =>
            {
                var evaluation = RouteResources.Evaluate(Target(input.Arn), input.Authorizations, Now);
                var decided = evaluation.MatchingAuthorizationId is not null;
                var described = Describe(input.Authorizations);
                Assert.True(decided == Oracle(input.Authorizations, input.Arn), $"decision {decided} for {input.Arn} under {described}");
                if (!decided)
                {
                    return;
                }

                allowed++;
                deniesWritten += evaluation.DeniedResources.Count > 0 ? 1 : 0;
                IReadOnlyList<string> resources = evaluation.NeedsExactArn ? [.. evaluation.Resources, input.Arn] : evaluation.Resources;
                Assert.True(PolicyAllows(resources, evaluation.DeniedResources, input.Arn), $"policy refuses {input.Arn} under {described}");
                foreach (var other in input.Others)
                {
                    if (PolicyAllows(resources, evaluation.DeniedResources, other))
                    {
                        Assert.True(Oracle(input.Authorizations, other), $"policy for {input.Arn} allows {other} under {described}");
                        Assert.NotNull(RouteResources.Evaluate(Target(other), input.Authorizations, Now).MatchingAuthorizationId);
                    }
                }
            }));

        Assert.True(allowed >= 100, $"only {allowed} cases were allowed");
        Assert.True(deniesWritten >= 10, $"only {deniesWritten} policies carried Deny resources");
    }

    [Fact]
    public void A_policy_without_exact_arns_is_the_same_for_every_request_it_allows()
    {
        var cases = from authorizations in Authorizations
                    from arns in Gen.ArrayOf(Arn, 12)
                    select (Authorizations: authorizations, Arns: arns);
        Check.One(
            PropertyRun.Config(200, 402),
            Prop.ForAll(cases.ToArbitrary(), input =>
            {
                // With a reusable policy, the policy must allow precisely what the decision allows, on every request.
                foreach (var arn in input.Arns)
                {
                    var evaluation = RouteResources.Evaluate(Target(arn), input.Authorizations, Now);
                    if (evaluation.MatchingAuthorizationId is null || evaluation.NeedsExactArn)
                    {
                        continue;
                    }

                    foreach (var other in input.Arns)
                    {
                        var otherEvaluation = RouteResources.Evaluate(Target(other), input.Authorizations, Now);
                        var exactOnly = otherEvaluation.NeedsExactArn;
                        var policyAllows = PolicyAllows(evaluation.Resources, evaluation.DeniedResources, other);
                        Assert.True(
                            exactOnly ? !policyAllows : policyAllows == (otherEvaluation.MatchingAuthorizationId is not null),
                            $"policy for {arn} on {other}: {policyAllows} under {Describe(input.Authorizations)}");
                    }
                }
            }));
    }

    /// <summary>API Gateway's evaluation of an Allow policy with an optional Deny statement.</summary>
    private static bool PolicyAllows(IReadOnlyList<string> allowed, IReadOnlyList<string> denied, string arn) =>
        allowed.Any(r => ResourceArnMatcher.Matches(r, arn)) && !denied.Any(r => ResourceArnMatcher.Matches(r, arn));

    /// <summary>The documented semantics as a regular expression: <c>{name}</c> one non-empty segment, <c>*</c> and <c>{name+}</c> anything, method <c>*</c> one of ANY's methods.</summary>
    private static bool Oracle(IEnumerable<AppAuthorization> authorizations, string arn) =>
        authorizations.SelectMany(a => a.Routes).Any(route => Regex.IsMatch(arn[Prefix.Length..], "^" + OracleRegex(route) + "$", RegexOptions.None, TimeSpan.FromSeconds(1)));

    private static string OracleRegex(RouteGrant route)
    {
        var method = route.Method == "*" ? "(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)" : Regex.Escape(route.Method);
        var path = route.Path == "*" ? "/*" : route.Path;
        var builder = new StringBuilder(method);
        foreach (var (segment, index) in path.Split('/').Select((s, i) => (s, i)))
        {
            if (index == 0)
            {
                continue;
            }

            builder.Append('/');
            builder.Append(segment switch
            {
                "*" or "{proxy+}" => ".*",
                ['{', .., '}'] => "[^/]+",
                _ => Regex.Escape(segment),
            });
        }

        return builder.ToString();
    }

    private static string Describe(IEnumerable<AppAuthorization> authorizations) =>
        string.Join(" | ", authorizations.Select(a => a.AuthId + ": " + string.Join(", ", a.Routes.Select(r => r.Method + " " + r.Path))));

    private static ApiTarget Target(string arn) => ApiTarget.TryParse(arn, out var target) ? target : throw new ArgumentException("bad arn " + arn);
}
