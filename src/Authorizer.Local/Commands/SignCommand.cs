using System.CommandLine;
using System.Text;

namespace Authorizer.Local.Commands;

/// <summary>
/// <c>sign --scheme ID --key K --secret S [--code C] [--token T] METHOD URL [-H 'Name: value']... [-d BODY] [--curl]</c>:
/// signs at the current time with the client library and prints the headers, or a curl command that sends
/// exactly what was signed.
/// </summary>
internal static class SignCommand
{
    public static Command Create(CommandIo io)
    {
        var signing = new SigningOptions();
        var method = new Argument<string>("METHOD") { Description = "The HTTP method." };
        var url = new Argument<string>("URL") { Description = "The absolute http:// or https:// URL to call." };
        var curl = new Option<bool>("--curl") { Description = "Print a curl command that sends exactly what was signed." };
        var bodyInSignature = new Option<bool>("--sdk-body-in-signature")
        {
            Description = "signature-sdk: sign the body's SHA-256 inside the signature and send no X-Sdk-Content-Sha256, as the official SDKs do for JSON (needs an API with bodySignatures: backend).",
        };
        var command = new Command("sign", "Signs a request at the current time and prints its headers, or a curl command.")
        {
            method, url, curl, bodyInSignature,
        };
        signing.Scheme.Required = true;
        signing.AddTo(command);
        command.SetAction(async (result, _) =>
        {
            var target = AbsoluteUrl(result.GetValue(url)!);
            var signed = await RequestSigning.SignAsync(
                signing.Credentials(result)!, result.GetValue(method)!, target, signing.Headers(result), result.GetValue(signing.Data), TimeProvider.System, result.GetValue(bodyInSignature))
                .ConfigureAwait(false);
            await io.Stdout.WriteLineAsync(result.GetValue(curl) ? Curl(signed) : string.Join('\n', signed.Headers.Select(h => $"{h.Key}: {h.Value}")))
                .ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Only http(s) URLs with a host: on Unix <see cref="Uri"/> reads <c>/echo/hello</c> as an absolute
    /// <c>file://</c> URL, which would sign a request no gateway can receive.
    /// </summary>
    internal static Uri AbsoluteUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Host.Length > 0 && !text.StartsWith('/')
            ? url
            : throw new UsageException($"'{text}' is not an absolute http:// or https:// URL");

    /// <summary>
    /// curl adds <c>Accept: */*</c> and a form Content-Type for <c>-d</c> on its own; both are signed headers for
    /// signature-ca, so the command states them explicitly (an empty <c>Accept:</c> removes curl's default).
    /// </summary>
    public static string Curl(SignedRequest request)
    {
        var command = new StringBuilder("curl -si");
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
