using Authorizer.Core.Decisions;
using Authorizer.Core.Requests;

namespace Authorizer.Functions.Tests;

/// <summary>Answers a fixed decision (or throws) and remembers what it was asked.</summary>
internal sealed class FakeAuthorizer(Func<AuthRequest, AuthDecision> decide) : IAuthorizer
{
    public List<AuthRequest> Requests { get; } = [];

    public static FakeAuthorizer Returning(AuthDecision decision) => new(_ => decision);

    public static FakeAuthorizer Throwing(Exception exception) => new(_ => throw exception);

    public ValueTask<AuthDecision> AuthorizeAsync(AuthRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        return ValueTask.FromResult(decide(request));
    }
}
