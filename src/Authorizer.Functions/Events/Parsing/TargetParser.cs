using System.Diagnostics.CodeAnalysis;
using Authorizer.Core.Requests;

namespace Authorizer.Functions.Events.Parsing;

/// <summary>
/// <see cref="ApiTarget.TryParse"/> over spans: the same accepted ARNs and the same fields, cutting each field
/// once instead of splitting into arrays and intermediate strings, and sharing the common partition, region and
/// method instances.
/// </summary>
/// <remarks>
/// No memo of the last ARN's whole target: under mixed traffic (1,000 apps × 50 routes, <c>mixed-cpu</c>) it did not
/// help, and each miss cost a UTF-8 copy of the ARN, a record and a write of a shared field (docs/PERFORMANCE.md,
/// "Event parsing in one pass"). What is kept is the field strings of this thread's last target: an authorizer
/// serves the few APIs and stages it is attached to, so the account, API id and stage nearly always repeat, under
/// mixed traffic too.
/// </remarks>
internal static class TargetParser
{
    // Per thread, so no shared field is written per event; the target is immutable and only its strings are reused.
    [ThreadStatic]
    private static ApiTarget? _last;

    private static readonly string[] Partitions = ["aws", "aws-cn", "aws-us-gov"];

    private static readonly string[] Regions =
    [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1",
        "eu-north-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ap-northeast-2", "ap-south-1",
        "ca-central-1", "sa-east-1", "cn-north-1", "cn-northwest-1",
    ];

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "*"];

    public static bool TryParse(string? arn, [NotNullWhen(true)] out ApiTarget? target) => TryParse(arn, null, out target);

    /// <summary>The target an event's ARN names, sharing field strings with this thread's last one; an unusable ARN is an invalid event.</summary>
    public static ApiTarget Require(string? arn, string fieldName)
    {
        if (!TryParse(arn, _last, out var target))
        {
            throw new InvalidEventException($"{fieldName} is missing or is not an execute-api ARN.");
        }

        _last = target;
        return target;
    }

    /// <summary>
    /// As <see cref="TryParse(string?, out ApiTarget?)"/>, taking each field that equals the one of
    /// <paramref name="previous"/> from it: a warm function sees the same API and stage on every call.
    /// </summary>
    public static bool TryParse(string? arn, ApiTarget? previous, [NotNullWhen(true)] out ApiTarget? target)
    {
        target = null;
        if (string.IsNullOrEmpty(arn) || arn.Length > ApiTarget.MaxArnLength)
        {
            return false;
        }

        // arn:{partition}:execute-api:{region}:{account}:{resource}, the resource keeping any further ':'.
        var rest = arn.AsSpan();
        if (!Cut(ref rest, ':', out var scheme) || !Cut(ref rest, ':', out var partition)
            || !Cut(ref rest, ':', out var service) || !Cut(ref rest, ':', out var region)
            || !Cut(ref rest, ':', out var account))
        {
            return false;
        }

        if (!scheme.SequenceEqual("arn") || !service.SequenceEqual("execute-api") || partition.IsEmpty)
        {
            return false;
        }

        // {apiId}/{stage}/{METHOD}[/{path, keeping any further '/'}]
        var resource = rest;
        if (!Cut(ref resource, '/', out var apiId) || apiId.IsEmpty)
        {
            return false;
        }

        if (!Cut(ref resource, '/', out var stage))
        {
            return false;
        }

        var hasPath = Cut(ref resource, '/', out var method);
        if (!hasPath)
        {
            method = resource;
        }

        if (stage.IsEmpty || method.IsEmpty)
        {
            return false;
        }

        target = new ApiTarget(
            arn,
            Shared(partition, previous?.Partition, Partitions),
            Shared(region, previous?.Region, Regions),
            Shared(account, previous?.AccountId, []),
            Shared(apiId, previous?.ApiId, []),
            Shared(stage, previous?.Stage, []),
            Shared(method, previous?.Method, Methods),
            hasPath ? SharedPath(resource, previous?.ResourcePath) : "/");
        return true;
    }

    private static string SharedPath(ReadOnlySpan<char> afterSlash, string? previous) =>
        previous is not null && previous.Length == afterSlash.Length + 1 && previous.AsSpan(1).SequenceEqual(afterSlash)
            ? previous
            : string.Concat("/", afterSlash);

    /// <summary>The text before the next <paramref name="separator"/>; false when there is none.</summary>
    private static bool Cut(ref ReadOnlySpan<char> rest, char separator, out ReadOnlySpan<char> head)
    {
        var at = rest.IndexOf(separator);
        if (at < 0)
        {
            head = default;
            return false;
        }

        head = rest[..at];
        rest = rest[(at + 1)..];
        return true;
    }

    private static string Shared(ReadOnlySpan<char> text, string? previous, string[] known)
    {
        if (previous is not null && text.SequenceEqual(previous))
        {
            return previous;
        }

        foreach (var candidate in known)
        {
            if (text.SequenceEqual(candidate))
            {
                return candidate;
            }
        }

        return text.ToString();
    }
}
