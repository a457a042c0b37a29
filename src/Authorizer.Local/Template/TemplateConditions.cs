using YamlDotNet.RepresentationModel;

namespace Authorizer.Local.Template;

/// <summary>
/// The template's <c>Conditions</c> evaluated on the local parameter values (<c>Fn::Equals</c>, <c>Fn::Not</c>,
/// <c>Fn::And</c>, <c>Fn::Or</c>, <c>Condition</c>), so that <c>!If</c> picks the branch a deployment with the
/// same parameters would get.
/// </summary>
internal sealed class TemplateConditions(YamlNode? conditions)
{
    public bool IsTrue(YamlNode condition, IntrinsicResolver resolver) => condition switch
    {
        YamlScalarNode { Tag.IsEmpty: true } name => Named(name.Value ?? string.Empty, resolver, []),
        _ => Evaluate(condition, resolver, []),
    };

    private bool Named(string name, IntrinsicResolver resolver, HashSet<string> evaluating)
    {
        var definition = conditions.Child(name) ?? throw new TemplateException($"Condition '{name}' is not defined");
        if (!evaluating.Add(name))
        {
            throw new TemplateException($"Condition '{name}' refers to itself");
        }

        var result = Evaluate(definition, resolver, evaluating);
        evaluating.Remove(name);
        return result;
    }

    private bool Evaluate(YamlNode node, IntrinsicResolver resolver, HashSet<string> evaluating)
    {
        var (function, argument) = node switch
        {
            YamlSequenceNode { Tag.IsEmpty: false } tagged => (tagged.Tag.Value.TrimStart('!'), (YamlNode)tagged),
            YamlScalarNode { Tag.IsEmpty: false } tagged => (tagged.Tag.Value.TrimStart('!'), tagged),
            YamlMappingNode { Children.Count: 1 } mapping => (((YamlScalarNode)mapping.Children.First().Key).Value?.Replace("Fn::", string.Empty, StringComparison.Ordinal) ?? string.Empty, mapping.Children.First().Value),
            _ => throw new TemplateException($"Unsupported condition at line {node.Start.Line}"),
        };
        var operands = argument.Items().ToList();
        return function switch
        {
            "Equals" when operands.Count == 2 => string.Equals(resolver.Resolve(operands[0]), resolver.Resolve(operands[1]), StringComparison.Ordinal),
            "Not" when operands.Count == 1 => !Evaluate(operands[0], resolver, evaluating),
            "And" => operands.All(o => Evaluate(o, resolver, evaluating)),
            "Or" => operands.Any(o => Evaluate(o, resolver, evaluating)),
            "Condition" when argument is YamlScalarNode name => Named(name.Value ?? string.Empty, resolver, evaluating),
            _ => throw new TemplateException($"Unsupported condition '{function}' at line {node.Start.Line}"),
        };
    }
}
