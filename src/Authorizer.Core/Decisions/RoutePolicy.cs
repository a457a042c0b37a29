using System.Collections.ObjectModel;
using Authorizer.Core.Model;
using Authorizer.Core.Requests;

namespace Authorizer.Core.Decisions;

/// <summary>
/// An app's route grants on one API and stage, as the decision matches them and as the Allow policy writes them.
/// API Gateway's <c>*</c> spans <c>/</c>, so a one-segment <c>{param}</c> is written as <c>*</c> in an Allow plus
/// Deny resources for that parameter holding a <c>/</c> or nothing (a Deny wins in API Gateway). A Deny is only
/// written when it provably denies nothing any grant allows (the patterns' intersection is empty); otherwise that
/// grant is left out of the reusable policy and a request it authorizes gets its exact ARN added instead. So the
/// policy never allows a request the decision would refuse, and allows this request exactly when the decision does.
/// </summary>
internal sealed class RoutePolicy
{
    /// <summary>
    /// Upper bound of pattern intersections per policy: past it, parameter grants fall back to the exact ARN
    /// (always correct, just not reusable by a cache) rather than spend quadratic time on a huge grant list.
    /// </summary>
    internal const int MaxOverlapChecks = 4096;

    private readonly string _prefix;
    private readonly RoutePattern[] _patterns;
    private readonly string[] _owners;
    private readonly bool[] _inPolicy;

    private RoutePolicy(string prefix, RoutePattern[] patterns, string[] owners, bool[] inPolicy, List<string> allowed, List<string> denied)
    {
        _prefix = prefix;
        _patterns = patterns;
        _owners = owners;
        _inPolicy = inPolicy;
        Allowed = allowed.AsReadOnly();
        Denied = denied.AsReadOnly();
    }

    /// <summary>The reusable Allow resources, in grant order without repeats.</summary>
    public ReadOnlyCollection<string> Allowed { get; }

    /// <summary>The Deny resources that keep the <see cref="Allowed"/> wildcards to one segment per parameter.</summary>
    public ReadOnlyCollection<string> Denied { get; }

    public static RoutePolicy Build(ApiTarget target, IReadOnlyList<AppAuthorization> authorizations, DateTimeOffset now)
    {
        var prefix = target.StagePrefix;
        var patterns = new List<RoutePattern>();
        var owners = new List<string>();
        foreach (var authorization in authorizations)
        {
            if (!RouteResources.Applies(authorization, target, now))
            {
                continue;
            }

            foreach (var route in authorization.Routes)
            {
                foreach (var pattern in RoutePattern.Compile(route))
                {
                    patterns.Add(pattern);
                    owners.Add(authorization.AuthId);
                }
            }
        }

        var inPolicy = new bool[patterns.Count];
        var allowed = new List<string>();
        var denied = new List<string>();
        var seenAllowed = new HashSet<string>(StringComparer.Ordinal);
        var seenDenied = new HashSet<string>(StringComparer.Ordinal);
        var budget = MaxOverlapChecks;
        for (var i = 0; i < patterns.Count; i++)
        {
            var pattern = patterns[i];
            var denials = pattern.ParameterCount == 0 ? [] : pattern.DenialGlobs().ToList();
            var cost = denials.Count * patterns.Count;
            if (cost > budget)
            {
                continue;
            }

            budget -= cost;
            if (!denials.TrueForAll(glob => !patterns.Exists(other => other.Overlaps(glob))))
            {
                continue;
            }

            inPolicy[i] = true;
            if (seenAllowed.Add(pattern.Glob))
            {
                allowed.Add(prefix + pattern.Glob);
            }

            foreach (var glob in denials)
            {
                if (seenDenied.Add(glob))
                {
                    denied.Add(prefix + glob);
                }
            }
        }

        return new RoutePolicy(prefix, [.. patterns], [.. owners], inPolicy, allowed, denied);
    }

    /// <summary>
    /// The first grant (authorization and route order) that matches <paramref name="arn"/>, and whether only grants
    /// left out of <see cref="Allowed"/> match it (then the policy must name the ARN itself).
    /// </summary>
    public RouteEvaluation Evaluate(string arn)
    {
        string? owner = null;
        var covered = false;
        if (arn.StartsWith(_prefix, StringComparison.Ordinal))
        {
            var methodAndPath = arn.AsSpan(_prefix.Length);
            for (var i = 0; i < _patterns.Length && !covered; i++)
            {
                if ((owner is null || _inPolicy[i]) && _patterns[i].Matches(methodAndPath))
                {
                    owner ??= _owners[i];
                    covered = _inPolicy[i];
                }
            }
        }

        return new RouteEvaluation(Allowed, Denied, owner, owner is not null && !covered);
    }
}
