using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Authorizer.Local.Template;

/// <summary>
/// Resolves CloudFormation intrinsics (short <c>!Ref</c>/<c>!GetAtt</c>/<c>!Sub</c>/<c>!If</c> tags and the long
/// <c>Ref</c>/<c>Fn::*</c> forms) to local values: parameters to their defaults or overrides, pseudo
/// parameters to fixed local values, resources to their logical id, <c>!If</c> to the branch its condition
/// (evaluated on those parameters) picks, and <c>AWS::NoValue</c> to null.
/// </summary>
internal sealed partial class IntrinsicResolver(
    IReadOnlyDictionary<string, string> parameters,
    IReadOnlySet<string> resources,
    YamlNode? conditions = null)
{
    public const string Region = "us-east-1";
    public const string AccountId = "123456789012";
    private const string NoValue = "AWS::NoValue";

    private readonly TemplateConditions _conditions = new(conditions);

    /// <summary>The node an <c>!If</c> (nested or not) stands for here; null for <c>AWS::NoValue</c>.</summary>
    public YamlNode? Select(YamlNode? node)
    {
        while (IfBranches(node) is { } branches)
        {
            node = _conditions.IsTrue(branches[0], this) ? branches[1] : branches[2];
        }

        return IsNoValue(node) ? null : node;
    }

    /// <summary>A list value: a sequence, <c>!Split [delimiter, value]</c>, or one scalar; null when absent.</summary>
    public IReadOnlyList<string>? ResolveList(YamlNode? node)
    {
        node = Select(node);
        switch (node)
        {
            case null:
                return null;
            case YamlSequenceNode split when Tag(split) == "!Split" && split.Children.Count == 2:
                return SplitValue(split.Children);
            case YamlMappingNode mapping when mapping.Children.Count == 1 && mapping.Children.First().Key is YamlScalarNode { Value: "Fn::Split" } && mapping.Children.First().Value is YamlSequenceNode { Children.Count: 2 } parts:
                return SplitValue(parts.Children);
            case YamlSequenceNode sequence when Tag(sequence) is null:
                return sequence.Children.Select(Resolve).OfType<string>().ToList();
            default:
                return Resolve(node) is { } single ? [single] : null;
        }
    }

    public string? Resolve(YamlNode? node)
    {
        node = Select(node);
        switch (node)
        {
            case null:
                return null;
            case YamlScalarNode scalar:
                var tag = Tag(scalar);
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

    private static string? Tag(YamlNode node) => node.Tag.IsEmpty ? null : node.Tag.Value;

    private static bool IsNoValue(YamlNode? node) => node switch
    {
        YamlScalarNode scalar => Tag(scalar) == "!Ref" && scalar.Value == NoValue,
        YamlMappingNode mapping => mapping.Children.Count == 1 && mapping.Children.First() is { Key: YamlScalarNode { Value: "Ref" }, Value: YamlScalarNode { Value: NoValue } },
        _ => false,
    };

    /// <summary>[condition, then, else] of an <c>!If</c> / <c>Fn::If</c>, or null.</summary>
    private static IList<YamlNode>? IfBranches(YamlNode? node) => node switch
    {
        YamlSequenceNode sequence when Tag(sequence) == "!If" && sequence.Children.Count == 3 => sequence.Children,
        YamlMappingNode mapping when mapping.Children.Count == 1 && mapping.Children.First() is { Key: YamlScalarNode { Value: "Fn::If" }, Value: YamlSequenceNode { Children.Count: 3 } branches } => branches.Children,
        _ => null,
    };

    private List<string> SplitValue(IList<YamlNode> parts)
    {
        var delimiter = Resolve(parts[0]) ?? string.Empty;
        var value = Resolve(parts[1]) ?? string.Empty;
        return delimiter.Length == 0 ? [value] : [.. value.Split(delimiter)];
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
