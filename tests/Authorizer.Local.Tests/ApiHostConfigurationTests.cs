using Microsoft.Extensions.Configuration;

namespace Authorizer.Local.Tests;

/// <summary>The API hosts of a running gateway and what they read besides the template.</summary>
[Collection(SharedGateway.Name)]
public sealed class ApiHostConfigurationTests(GatewayFixture gateway)
{
    [Fact]
    public void No_api_host_reads_configuration_files_so_nothing_watches_the_working_folder()
    {
        // A file source with reload on change (the default builders' appsettings*.json) watches the content root and
        // everything under it: the store's database and any log written there woke it on every write.
        var servers = gateway.Runner.Gateway.Servers;

        Assert.NotEmpty(servers);
        Assert.All(servers, server =>
        {
            var configuration = Assert.IsAssignableFrom<IConfigurationRoot>(server.Configuration);
            Assert.DoesNotContain(configuration.Providers, p => p is FileConfigurationProvider);
        });
    }
}
