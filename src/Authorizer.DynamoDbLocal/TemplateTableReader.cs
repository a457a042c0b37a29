using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Authorizer.Store.DynamoDb;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Authorizer.DynamoDbLocal;

/// <summary>
/// Reads the app table's <c>AWS::DynamoDB::Table</c> resource out of a CloudFormation/SAM template, so tests and the
/// local runner create exactly the table a deployment gets. The YAML representation model keeps short-form
/// intrinsics (<c>!Ref</c>, <c>!GetAtt</c>, <c>!Sub</c>) as tags instead of failing on them; inside the table's
/// key properties only literals and <c>!Ref</c> to a parameter with a default are accepted.
/// </summary>
public static class TemplateTableReader
{
    private const string TableType = "AWS::DynamoDB::Table";

    /// <summary>The table resource <paramref name="logicalId"/>, or the template's only table when it is null.</summary>
    public static TableDefinition Read(string templatePath, string? logicalId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(templatePath);
        if (!File.Exists(templatePath))
        {
            throw new TemplateTableException($"Template not found: {templatePath}");
        }

        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(templatePath);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new TemplateTableException($"{templatePath}: invalid YAML at line {ex.Start.Line}: {ex.Message}", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new TemplateTableException($"{templatePath}: not a template (expected a mapping at the top)");
        }

        var context = new Context(templatePath, Parameters(root));
        var tables = Entries(Child(root, "Resources"))
            .Where(e => string.Equals(Scalar(Child(e.Value, "Type")), TableType, StringComparison.Ordinal))
            .ToList();
        var chosen = logicalId is null
            ? tables.Count == 1 ? tables[0] : throw new TemplateTableException(
                $"{templatePath}: expected one {TableType} resource, found {tables.Count} ({string.Join(", ", tables.Select(t => t.Key))}); name one")
            : tables.FirstOrDefault(t => string.Equals(t.Key, logicalId, StringComparison.Ordinal)) is { Key: not null } match
                ? match
                : throw new TemplateTableException($"{templatePath}: no {TableType} resource named {logicalId}");
        return ReadTable(Child(chosen.Value, "Properties"), context.For(chosen.Key));
    }

    private static TableDefinition ReadTable(YamlNode? properties, Context context)
    {
        if (properties is not YamlMappingNode)
        {
            throw context.Error("has no Properties");
        }

        var attributes = Items(Child(properties, "AttributeDefinitions"), context, "AttributeDefinitions")
            .Select(a => new AttributeDefinition(
                context.Text(a, "AttributeName"),
                ScalarAttributeType.FindValue(context.Text(a, "AttributeType"))))
            .ToList();
        var keys = KeySchema(Child(properties, "KeySchema"), context, "KeySchema");
        var indexes = (Child(properties, "GlobalSecondaryIndexes") is null ? [] : Items(Child(properties, "GlobalSecondaryIndexes"), context, "GlobalSecondaryIndexes"))
            .Select(i =>
            {
                var name = context.Text(i, "IndexName");
                var projection = Child(i, "Projection");
                return new GlobalSecondaryIndex
                {
                    IndexName = name,
                    KeySchema = KeySchema(Child(i, "KeySchema"), context, $"index {name} KeySchema"),
                    Projection = new Projection
                    {
                        ProjectionType = ProjectionType.FindValue(projection is null ? "ALL" : context.Text(projection, "ProjectionType")),
                        NonKeyAttributes = Child(projection, "NonKeyAttributes") is YamlSequenceNode extra
                            ? [.. extra.Children.Select(n => context.Resolve(n, "NonKeyAttributes"))]
                            : null,
                    },
                };
            })
            .ToList();

        var billing = Child(properties, "BillingMode") is { } mode ? context.Resolve(mode, "BillingMode") : "PAY_PER_REQUEST";
        if (!string.Equals(billing, "PAY_PER_REQUEST", StringComparison.Ordinal))
        {
            // A provisioned table needs throughput figures the local runs have no use for.
            throw context.Error($"BillingMode {billing} is not supported here; the app table is on-demand (PAY_PER_REQUEST)");
        }

        string? ttl = null;
        if (Child(properties, "TimeToLiveSpecification") is { } spec
            && Child(spec, "Enabled") is { } enabled
            && string.Equals(context.Resolve(enabled, "TimeToLiveSpecification.Enabled"), "true", StringComparison.OrdinalIgnoreCase))
        {
            ttl = context.Text(spec, "AttributeName");
        }

        if (attributes.Count == 0 || keys.Count == 0)
        {
            throw context.Error("needs AttributeDefinitions and a KeySchema");
        }

        return new TableDefinition
        {
            AttributeDefinitions = attributes,
            KeySchema = keys,
            GlobalSecondaryIndexes = indexes,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            TimeToLiveAttribute = ttl,
        };
    }

    private static List<KeySchemaElement> KeySchema(YamlNode? node, Context context, string what) =>
        [.. Items(node, context, what).Select(k => new KeySchemaElement(context.Text(k, "AttributeName"), KeyType.FindValue(context.Text(k, "KeyType"))))];

    private static IEnumerable<YamlNode> Items(YamlNode? node, Context context, string what) =>
        node is YamlSequenceNode sequence ? sequence.Children : throw context.Error($"{what} must be a list");

    private static Dictionary<string, string> Parameters(YamlMappingNode root)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, definition) in Entries(Child(root, "Parameters")))
        {
            if (Child(definition, "Default") is YamlScalarNode value)
            {
                parameters[name] = value.Value ?? string.Empty;
            }
        }

        return parameters;
    }

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlNode? node) => node is YamlScalarNode scalar && scalar.Tag.IsEmpty ? scalar.Value : null;

    private static IEnumerable<KeyValuePair<string, YamlNode>> Entries(YamlNode? node) =>
        node is YamlMappingNode mapping
            ? mapping.Children.Select(pair => new KeyValuePair<string, YamlNode>((pair.Key as YamlScalarNode)?.Value ?? string.Empty, pair.Value))
            : [];

    private sealed record Context(string Path, IReadOnlyDictionary<string, string> Parameters, string Resource = "")
    {
        public Context For(string resource) => this with { Resource = resource };

        public TemplateTableException Error(string message) => new($"{Path}: resource {Resource} {message}");

        public string Text(YamlNode owner, string key) =>
            Child(owner, key) is { } node ? Resolve(node, key) : throw Error($"is missing {key}");

        /// <summary>A literal scalar, or <c>!Ref</c> to a parameter with a default; anything else is refused by name.</summary>
        public string Resolve(YamlNode node, string what)
        {
            if (node is YamlScalarNode scalar)
            {
                if (scalar.Tag.IsEmpty)
                {
                    return scalar.Value ?? string.Empty;
                }

                if (scalar.Tag.Value == "!Ref" && scalar.Value is { } name && Parameters.TryGetValue(name, out var value))
                {
                    return value;
                }
            }

            if (node is YamlMappingNode { Children.Count: 1 } mapping
                && Scalar(mapping.Children.Keys.First()) == "Ref"
                && Scalar(mapping.Children.Values.First()) is { } refName
                && Parameters.TryGetValue(refName, out var refValue))
            {
                return refValue;
            }

            var tag = node.Tag.IsEmpty ? node.NodeType.ToString() : node.Tag.Value;
            throw Error($"{what}: cannot resolve {tag} at line {node.Start.Line}; use a literal or !Ref to a parameter with a default");
        }
    }
}
