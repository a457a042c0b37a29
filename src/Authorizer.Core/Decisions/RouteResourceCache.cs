using System.Runtime.CompilerServices;
using Authorizer.Core.Model;
using Authorizer.Core.Requests;

namespace Authorizer.Core.Decisions;

/// <summary>
/// Remembers the compiled <see cref="RoutePolicy"/> per authorization list, so a warm decision builds no strings: a cached directory hands out the same list instance until it expires. An entry is reused
/// only while the list still holds the very same authorization and route objects, the same ones are active,
/// and the target is on the same API and stage; anything else recomputes.
/// </summary>
internal sealed class RouteResourceCache
{
    // One bit per authorization says whether it applies; longer lists are evaluated without the cache.
    private const int MaxCachedAuthorizations = 64;

    private readonly ConditionalWeakTable<IReadOnlyList<AppAuthorization>, Entry> _entries = [];

    /// <summary>As <see cref="RouteResources.Evaluate"/>; the resources returned are read-only and may be shared.</summary>
    public (RouteEvaluation Evaluation, Entry? Entry) Evaluate(
        ApiTarget target,
        IReadOnlyList<AppAuthorization> authorizations,
        DateTimeOffset now)
    {
        if (authorizations.Count > MaxCachedAuthorizations)
        {
            return (RouteResources.Evaluate(target, authorizations, now), null);
        }

        var applying = ApplyingMask(target, authorizations, now);
        if (!_entries.TryGetValue(authorizations, out var entry) || !entry.IsFor(target, authorizations, applying))
        {
            entry = Entry.Build(target, authorizations, applying, now);
            _entries.AddOrUpdate(authorizations, entry);
        }

        return (entry.Policy.Evaluate(target.Arn), entry);
    }

    private static ulong ApplyingMask(ApiTarget target, IReadOnlyList<AppAuthorization> authorizations, DateTimeOffset now)
    {
        var mask = 0UL;
        for (var i = 0; i < authorizations.Count; i++)
        {
            if (RouteResources.Applies(authorizations[i], target, now))
            {
                mask |= 1UL << i;
            }
        }

        return mask;
    }

    internal sealed class Entry
    {
        private readonly AppAuthorization[] _authorizations;
        private readonly IReadOnlyList<RouteGrant>[] _routeLists;
        private readonly RouteGrant[][] _routes;
        private readonly ulong _applying;
        private readonly string _partition;
        private readonly string _region;
        private readonly string _accountId;
        private readonly string _apiId;
        private readonly string _stage;

        private Entry(ApiTarget target, AppAuthorization[] authorizations, ulong applying, RoutePolicy policy)
        {
            _authorizations = authorizations;
            _routeLists = new IReadOnlyList<RouteGrant>[authorizations.Length];
            _routes = new RouteGrant[authorizations.Length][];
            for (var i = 0; i < authorizations.Length; i++)
            {
                _routeLists[i] = authorizations[i].Routes;
                _routes[i] = [.. authorizations[i].Routes];
            }

            _applying = applying;
            _partition = target.Partition;
            _region = target.Region;
            _accountId = target.AccountId;
            _apiId = target.ApiId;
            _stage = target.Stage;
            Policy = policy;
        }

        public RoutePolicy Policy { get; }

        public static Entry Build(ApiTarget target, IReadOnlyList<AppAuthorization> authorizations, ulong applying, DateTimeOffset now)
        {
            AppAuthorization[] snapshot = [.. authorizations];
            return new Entry(target, snapshot, applying, RoutePolicy.Build(target, snapshot, now));
        }

        public bool IsFor(ApiTarget target, IReadOnlyList<AppAuthorization> authorizations, ulong applying)
        {
            if (applying != _applying
                || authorizations.Count != _authorizations.Length
                || !string.Equals(target.ApiId, _apiId, StringComparison.Ordinal)
                || !string.Equals(target.Stage, _stage, StringComparison.Ordinal)
                || !string.Equals(target.Region, _region, StringComparison.Ordinal)
                || !string.Equals(target.AccountId, _accountId, StringComparison.Ordinal)
                || !string.Equals(target.Partition, _partition, StringComparison.Ordinal))
            {
                return false;
            }

            for (var i = 0; i < _authorizations.Length; i++)
            {
                var authorization = authorizations[i];
                if (!ReferenceEquals(authorization, _authorizations[i]) || !ReferenceEquals(authorization.Routes, _routeLists[i]))
                {
                    return false;
                }

                var routes = authorization.Routes;
                var known = _routes[i];
                if (routes.Count != known.Length)
                {
                    return false;
                }

                for (var j = 0; j < known.Length; j++)
                {
                    if (!ReferenceEquals(routes[j], known[j]))
                    {
                        return false;
                    }
                }
            }

            return true;
        }
    }
}
