using System.Text;

namespace Authorizer.Local.Commands;

/// <summary>
/// <c>sign --scheme ID --key K --secret S [--code C] [--token T] METHOD URL [-H 'Name: value']... [-d BODY] [--curl]</c>:
/// signs at the current time with the client library and prints the headers, or a curl command that sends
/// exactly what was signed.
/// </summary>
internal static class SignCommand
{
    public static async Task<int> RunAsync(ParsedArgs args, TextWriter stdout)
    {
        if (args.Positionals.Count != 2)
        {
            throw new UsageException("sign needs METHOD and URL");
        }

        if (!Uri.TryCreate(args.Positionals[1], UriKind.Absolute, out var url))
        {
            throw new UsageException($"'{args.Positionals[1]}' is not an absolute URL");
        }

        var signed = await RequestSigning.SignAsync(
            RequestSigning.Credentials(args), args.Positionals[0], url, RequestSigning.Headers(args), args.Get("--data"), TimeProvider.System)
            .ConfigureAwait(false);
        await stdout.WriteLineAsync(args.Has("--curl") ? Curl(signed) : string.Join('\n', signed.Headers.Select(h => $"{h.Key}: {h.Value}")))
            .ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// curl adds <c>Accept: */*</c> and a form Content-Type for <c>-d</c> on its own; both are signed headers for
    /// signature-ca, so the command states them explicitly (an empty <c>Accept:</c> removes curl's default).
    /// </summary>
    public static string Curl(SignedRequest request)
    {
        var command = new StringBuilder("curl -i");
        if (request.Method != "GET" || request.Body is not null)
        {
            command.Append(" -X ").Append(request.Method);
        }

        if (!request.Headers.Any(h => string.Equals(h.Key, "Accept", StringComparison.OrdinalIgnoreCase)))
        {
            command.Append(" -H 'Accept:'");
        }

        foreach (var (name, value) in request.Headers.Where(h => !string.Equals(h.Key, "Host", StringComparison.OrdinalIgnoreCase)))
        {
            command.Append(" -H ").Append(Quote($"{name}: {value}"));
        }

        if (request.Body is not null)
        {
            command.Append(" --data-binary ").Append(Quote(Encoding.UTF8.GetString(request.Body)));
        }

        command.Append(' ').Append(Quote(request.Url.OriginalString));
        return command.ToString();
    }

    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
