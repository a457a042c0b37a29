using Authorizer.Runtime;
using Authorizer.Store.DynamoDb;

StartupTrace.Mark("main");

var runtimeApi = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
if (string.IsNullOrWhiteSpace(runtimeApi))
{
    await Console.Error.WriteLineAsync("AWS_LAMBDA_RUNTIME_API is not set: this program runs as a Lambda custom runtime (provided.al2023).").ConfigureAwait(false);
    return 2;
}

using var api = new RuntimeApiClient(runtimeApi);
RuntimeHost host;
int concurrency;

try
{
    concurrency = RuntimeConcurrency.Read(Environment.GetEnvironmentVariable(RuntimeConcurrency.Variable));
    StartupTrace.Mark("composition-begin");
    host = RuntimeHost.Create();
    StartupTrace.Mark("composition-end");
}
catch (Exception ex)
{
    // A bad setting fails the cold start with a clear message, reported the way Lambda expects.
    await Console.Error.WriteLineAsync($"Initialization failed: {ex.Message}").ConfigureAwait(false);
    await api.PostInitErrorAsync(ex.GetType().Name, ex.Message, CancellationToken.None).ConfigureAwait(false);
    return 1;
}

await new RuntimeLoop(api, host.HandleAsync, RuntimeHost.AfterInvocationAsync, TimeProvider.System, concurrency)
    .RunAsync(CancellationToken.None)
    .ConfigureAwait(false);
return 0;
