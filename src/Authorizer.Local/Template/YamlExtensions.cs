using YamlDotNet.RepresentationModel;

namespace Authorizer.Local.Template;

internal static class YamlExtensions
{
    public static YamlNode? Child(this YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static IEnumerable<KeyValuePair<string, YamlNode>> Entries(this YamlNode? node) =>
        node is YamlMappingNode mapping
            ? mapping.Children.Select(pair => new KeyValuePair<string, YamlNode>(((YamlScalarNode)pair.Key).Value ?? string.Empty, pair.Value))
            : [];

    public static IEnumerable<YamlNode> Items(this YamlNode? node) =>
        node is YamlSequenceNode sequence ? sequence.Children : [];
}
