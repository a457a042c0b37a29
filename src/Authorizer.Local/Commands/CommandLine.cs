using Authorizer.Functions.Settings;
using Authorizer.Local.Functions;
using Authorizer.Local.Seeding;
using Authorizer.Local.Template;

namespace Authorizer.Local.Commands;

/// <summary>Dispatches <c>start-api</c>, <c>invoke</c>, <c>run-native</c>, <c>generate-event</c>, <c>sign</c>, <c>bootstrap-admin</c>.</summary>
internal static class CommandLine
{
    public const string Usage = """
        Usage: dotnet run --project src/Authorizer.Local -- <command> [options]

          start-api [--port 3000] [--store STORE] [--seed FILE] [--template FILE]
          invoke <LogicalId> [--event FILE|-] [--env-vars FILE] [--store …] [--seed FILE] [--template FILE]
          run-native [LogicalId] [--jit | --binary PATH|"dotnet path/bootstrap.dll"] [--event FILE|-] [--env-vars FILE]
                     [--store …] [--seed FILE] [--template FILE]
                     (default binary: dotnet publish src/Authorizer.Runtime -c Release -r linux-x64)
          generate-event <rest-request|rest-token|http-request|management> [--scheme ID] [--key K] [--secret S]
                         [--code C] [--token T] [--method GET] [--path /echo/hello] [-H 'Name: value']...
          sign --scheme <id> --key K --secret S [--code C] [--token T] METHOD URL [-H 'Name: value']... [-d BODY] [--curl]
          bootstrap-admin [--store …] [--name NAME]

        STORE: sqlite:PATH (default sqlite:.authorizer/local.db; delete .authorizer/ to start over),
               dynamodb:local (DynamoDB Local in memory, started and stopped by the runner),
               dynamodb:local:persist (its data in .authorizer/dynamodb-local), dynamodb:URL (any
               DynamoDB endpoint), dynamodb:aws[:TABLE] (AWS, standard credential chain and region).
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await stdout.WriteLineAsync(Usage).ConfigureAwait(false);
            return args.Length == 0 ? 2 : 0;
        }

        try
        {
            var options = ArgParser.Parse(args[1..]);
            return args[0] switch
            {
                "start-api" => await StartApiCommand.RunAsync(options, stdout, stderr, CancellationToken.None).ConfigureAwait(false),
                "invoke" => await InvokeCommand.RunAsync(options, Console.OpenStandardInput(), stdout, stderr).ConfigureAwait(false),
                "run-native" => await RunNativeCommand.RunAsync(options, Console.OpenStandardInput(), stdout, stderr).ConfigureAwait(false),
                "generate-event" => await GenerateEventCommand.RunAsync(options, stdout).ConfigureAwait(false),
                "sign" => await SignCommand.RunAsync(options, stdout).ConfigureAwait(false),
                "bootstrap-admin" => await BootstrapAdminCommand.RunAsync(options, stdout).ConfigureAwait(false),
                _ => await UnknownAsync(args[0], stderr).ConfigureAwait(false),
            };
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (IOException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (Exception ex) when (ex is SeedException or TemplateException or AuthorizerSettingsException or HandlerResolutionException or StoreStartupException)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<int> UnknownAsync(string command, TextWriter stderr)
    {
        await stderr.WriteLineAsync($"error: unknown command '{command}'\n\n{Usage}").ConfigureAwait(false);
        return 2;
    }
}
