using Authorizer.Core.Requests;

namespace Authorizer.Core.Decisions;

/// <summary>The authorizer's whole decision for one request. Throws only on internal failure (the caller fails closed).</summary>
public interface IAuthorizer
{
    ValueTask<AuthDecision> AuthorizeAsync(AuthRequest request, CancellationToken cancellationToken = default);
}
