using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Authorizer.Local.Template;

/// <summary>
/// Resolves CloudFormation intrinsics (short <c>!Ref</c>/<c>!GetAtt</c>/<c>!Sub</c> tags and the long
/// <c>Ref</c>/<c>Fn::*</c> forms) to local values: parameters to their defaults or overrides, pseudo
/// parameters to fixed local values, resources to their logical id.
/// </summary>
internal sealed partial class IntrinsicResolver(
    IReadOnlyDictionary<string, string> parameters,
    IReadOnlySet<string> resources)
{
    public const string Region = "us-east-1";
    public const string AccountId = "123456789012";

    public string? Resolve(YamlNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case YamlScalarNode scalar:
                var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
                var value = scalar.Value ?? string.Empty;
                return tag switch
                {
                    "!Ref" => Ref(value),
                    "!GetAtt" => GetAtt(value),
                    "!Sub" => Sub(value),
                    _ => value,
                };
            case YamlSequenceNode sequence when !sequence.Tag.IsEmpty && sequence.Tag.Value == "!GetAtt":
                return GetAtt(string.Join('.', sequence.Children.Select(Resolve)));
            case YamlSequenceNode sequence when !sequence.Tag.IsEmpty && sequence.Tag.Value == "!Sub":
                return Sub(Resolve(sequence.Children[0]) ?? string.Empty);
            case YamlMappingNode mapping when mapping.Children.Count == 1:
                var (key, inner) = mapping.Children.First();
                var name = ((YamlScalarNode)key).Value;
                return name switch
                {
                    "Ref" => Ref(Resolve(inner) ?? string.Empty),
                    "Fn::GetAtt" when inner is YamlSequenceNode parts => GetAtt(string.Join('.', parts.Children.Select(Resolve))),
                    "Fn::GetAtt" => GetAtt(Resolve(inner) ?? string.Empty),
                    "Fn::Sub" when inner is YamlSequenceNode parts => Sub(Resolve(parts.Children[0]) ?? string.Empty),
                    "Fn::Sub" => Sub(Resolve(inner) ?? string.Empty),
                    _ => throw new TemplateException($"Unsupported value at line {node.Start.Line}: {name}"),
                };
            default:
                throw new TemplateException($"Expected a single value at line {node.Start.Line}");
        }
    }

    /// <summary>
    /// The logical id of the resource a <c>!GetAtt X.Arn</c> or <c>!Ref X</c> names, if any. For <c>!If [cond, a, b]</c>
    /// it is <c>b</c>'s: locally every condition is false, so the runner keeps the template's default (in-process) choice.
    /// </summary>
    public static string? ReferencedResource(YamlNode? node)
    {
        switch (node)
        {
            case YamlSequenceNode sequence when !sequence.Tag.IsEmpty && sequence.Tag.Value is "!If" && sequence.Children.Count == 3:
                return ReferencedResource(sequence.Children[2]);
            case YamlScalarNode scalar when !scalar.Tag.IsEmpty && scalar.Tag.Value is "!Ref":
                return scalar.Value;
            case YamlScalarNode scalar when !scalar.Tag.IsEmpty && scalar.Tag.Value is "!GetAtt":
                return scalar.Value?.Split('.')[0];
            case YamlSequenceNode sequence when !sequence.Tag.IsEmpty && sequence.Tag.Value is "!GetAtt":
                return (sequence.Children[0] as YamlScalarNode)?.Value;
            case YamlMappingNode mapping when mapping.Children.Count == 1:
                var (key, inner) = mapping.Children.First();
                return ((YamlScalarNode)key).Value switch
                {
                    "Ref" => (inner as YamlScalarNode)?.Value,
                    "Fn::GetAtt" when inner is YamlSequenceNode parts => (parts.Children[0] as YamlScalarNode)?.Value,
                    "Fn::GetAtt" => (inner as YamlScalarNode)?.Value?.Split('.')[0],
                    "Fn::If" when inner is YamlSequenceNode branches && branches.Children.Count == 3 => ReferencedResource(branches.Children[2]),
                    _ => null,
                };
            default:
                return null;
        }
    }

    private string Ref(string name) => name switch
    {
        "AWS::Region" => Region,
        "AWS::AccountId" => AccountId,
        "AWS::Partition" => "aws",
        "AWS::URLSuffix" => "amazonaws.com",
        "AWS::StackName" => "authorizer-local",
        _ when parameters.TryGetValue(name, out var value) => value,
        _ when resources.Contains(name) => name,
        _ => throw new TemplateException($"!Ref {name}: no such parameter or resource"),
    };

    private string GetAtt(string reference)
    {
        var dot = reference.IndexOf('.', StringComparison.Ordinal);
        var resource = dot < 0 ? reference : reference[..dot];
        if (!resources.Contains(resource))
        {
            throw new TemplateException($"!GetAtt {reference}: no such resource");
        }

        return string.Create(CultureInfo.InvariantCulture, $"arn:aws:local:{Region}:{AccountId}:{resource}");
    }

    private string Sub(string text) => SubPattern().Replace(text, match =>
    {
        var inner = match.Groups[1].Value;
        return inner.Contains('.', StringComparison.Ordinal) && !inner.StartsWith("AWS::", StringComparison.Ordinal)
            ? GetAtt(inner)
            : Ref(inner);
    });

    [GeneratedRegex(@"\$\{([^}!]+)\}")]
    private static partial Regex SubPattern();
}
