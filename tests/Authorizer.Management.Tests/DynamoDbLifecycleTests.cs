using Authorizer.Core.Tokens;
using Authorizer.Functions.Settings;
using Authorizer.Store.DynamoDb;

namespace Authorizer.Management.Tests;

[CollectionDefinition(Name)]
public sealed class DynamoDbLocalGroup : ICollectionFixture<DynamoDbLocalFixture>
{
    public const string Name = "dynamodb-local";
}

/// <summary>
/// The same lifecycles as on SQLite (in process, and through both handlers), on the DynamoDB store against
/// DynamoDB Local with the table created from template.yaml.
/// </summary>
[Collection(DynamoDbLocalGroup.Name)]
public sealed class DynamoDbLifecycleTests(DynamoDbLocalFixture server)
{
    [Fact]
    public async Task App_lifecycle_on_dynamodb()
    {
        using var client = await server.CreateClientAsync();
        var table = await server.CreateTableAsync(client, "mgmt");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        using var protector = new Authorizer.Core.Secrets.AesGcmSecretProtector(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        await LifecycleTests.RunLifecycleAsync(new DynamoDbAppStore(client, table, time), protector, time);
    }

    [Fact]
    public async Task App_lifecycle_through_both_handlers_on_dynamodb()
    {
        using var client = await server.CreateClientAsync();
        var table = await server.CreateTableAsync(client, "handlers");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        var dir = Directory.CreateTempSubdirectory("authorizer-mgmt-handlers-");
        try
        {
            var variables = HandlerDriver.BaseVariables(dir.FullName);
            variables[AuthorizerSettings.TableNameVariable] = table;
            variables[AuthorizerSettings.DynamoDbEndpointVariable] = (await server.GetServiceUrlAsync()).ToString();

            // The lifecycle, not the store bounds, is under test: DynamoDB Local's first transactions on a loaded
            // machine can outlast the production default of one second.
            variables[AuthorizerSettings.StoreTimeoutVariable] = "10000";
            variables[AuthorizerSettings.DecisionDeadlineVariable] = "10000";
            variables[AuthorizerSettings.ManagementDeadlineVariable] = "10000";

            // With DynamoDB the composition only reads an existing token key file (in Lambda there is none to share).
            using (LocalEcdsaTokenSigner.FromKeyFile(variables[AuthorizerSettings.TokenKeyFileVariable]!))
            {
            }

            await HandlerDriver.RunAsync(variables, time);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
