using Authorizer.Core.Store;
using Authorizer.TestSupport;

namespace Authorizer.Store.Tests;

/// <summary>
/// The shared test double runs the whole contract suite too, so the suites that use it in place of a real
/// store see the same conflicts, paging, expiry and nonce behaviour.
/// </summary>
public sealed class InMemoryAppStoreTests : AppStoreContractTests
{
    protected override Task<IAppStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IAppStore>(new InMemoryAppStore(time));
}
