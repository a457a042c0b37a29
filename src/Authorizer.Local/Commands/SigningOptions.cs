using System.CommandLine;
using Authorizer.Core.Model;
using Authorizer.Core.Signing;

namespace Authorizer.Local.Commands;

/// <summary>The credential and request options of <c>sign</c> and <c>generate-event</c>.</summary>
internal sealed class SigningOptions
{
    public Option<string> Scheme { get; } = new("--scheme")
    {
        Description = $"The scheme to sign with: {string.Join(", ", SchemeIds.All)}.",
        HelpName = "ID",
    };

    public Option<string> Key { get; } = new("--key") { Description = "The AppKey.", HelpName = "K" };

    public Option<string> Secret { get; } = new("--secret") { Description = "The AppSecret.", HelpName = "S" };

    public Option<string> Code { get; } = new("--code") { Description = "The AppCode (scheme appcode).", HelpName = "C" };

    public Option<string> Token { get; } = new("--token") { Description = "The token (scheme token).", HelpName = "T" };

    public Option<string[]> Header { get; } = new("--header", "-H")
    {
        Description = "A request header, 'Name: value' (repeatable).",
        HelpName = "'Name: value'",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string> Data { get; } = new("--data", "-d") { Description = "The request body.", HelpName = "BODY" };

    public SigningOptions()
    {
        Scheme.AcceptOnlyFromAmong([.. SchemeIds.All]);
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Scheme, Key, Secret, Code, Token, Header, Data })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The credentials for <c>--scheme</c>; null when no scheme is given.</summary>
    public SigningCredentials? Credentials(ParseResult result)
    {
        var scheme = result.GetValue(Scheme);
        return scheme switch
        {
            null => null,
            SchemeIds.AppCode => SigningCredentials.ForAppCode(Require(result, Code, scheme)),
            SchemeIds.Token => SigningCredentials.ForToken(Require(result, Token, scheme)),
            _ => new SigningCredentials { Scheme = scheme, AppKey = Require(result, Key, scheme), AppSecret = Require(result, Secret, scheme) },
        };
    }

    public IReadOnlyList<KeyValuePair<string, string>> Headers(ParseResult result) =>
        (result.GetValue(Header) ?? []).Select(h =>
        {
            var colon = h.IndexOf(':', StringComparison.Ordinal);
            return colon <= 0
                ? throw new UsageException($"-H '{h}': expected 'Name: value'")
                : new KeyValuePair<string, string>(h[..colon].Trim(), h[(colon + 1)..].Trim());
        }).ToList();

    private static string Require(ParseResult result, Option<string> option, string scheme) =>
        result.GetValue(option) ?? throw new UsageException($"--scheme {scheme} needs {option.Name}");
}
