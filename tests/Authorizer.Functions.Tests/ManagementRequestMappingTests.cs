using Authorizer.Functions.Events;
using Authorizer.Functions.Management;

namespace Authorizer.Functions.Tests;

public sealed class ManagementRequestMappingTests
{
    [Fact]
    public void The_callers_source_address_reaches_the_management_request_for_the_token_throttle()
    {
        var proxy = new RestProxyRequest
        {
            HttpMethod = "POST",
            Path = "/v1/tokens",
            RequestContext = new RestRequestContext { ApiId = "mgmt", Stage = "prod", Identity = new RequestIdentity { SourceIp = "198.51.100.23" } },
        };

        var request = ManagementFunction.ToRequest(proxy);

        Assert.NotNull(request);
        Assert.Equal("198.51.100.23", request.SourceIp);
    }
}
