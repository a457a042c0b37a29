using Authorizer.TestSupport;

namespace Authorizer.Store.Tests;

/// <summary>One dynalite process for every test class that names this collection; each test makes its own table.</summary>
[CollectionDefinition(Name)]
public sealed class DynaliteGroup : ICollectionFixture<DynaliteServer>
{
    public const string Name = "dynalite";
}
