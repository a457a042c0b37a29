using Authorizer.Core.Decisions;
using Authorizer.Security.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;

namespace Authorizer.Security.Tests.Properties;

/// <summary>For random requests, what the client library signs, the authorizer accepts.</summary>
public sealed class SignThenVerifyProperties
{
    public const int Cases = 20_000;

    [Fact]
    public void Every_signed_request_is_allowed()
    {
        var world = new EngineWorld(EngineWorld.Unthrottled);
        var signing = new Signing(world);
        Check.One(
            PropertyRun.Config(Cases, salt: 1),
            Prop.ForAll(RequestGenerators.Request.ToArbitrary(), (GeneratedRequest generated) =>
            {
                var decision = world.Authorize(Signing.ToAuthRequest(generated, signing.SignedHeaders(generated)));
                if (decision.Outcome != DecisionOutcome.Allow)
                {
                    Assert.Fail($"{generated} -> {decision.Outcome} {decision.ErrorCode} {decision.ErrorMessage}");
                }
            }));
    }
}
