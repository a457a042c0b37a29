using System.Reflection;
using System.Text.RegularExpressions;
using Authorizer.Local.Template;
using YamlDotNet.RepresentationModel;

namespace Authorizer.Local.Tests;

/// <summary>
/// The template's IAM statements against what the code calls. The tables below are the only thing to edit when the
/// code starts (or stops) calling AWS: an SDK call in src/ that no table names, a table entry the code no longer
/// makes, a function granted an action none of its operations needs, or denied one it needs, all fail here.
/// </summary>
public sealed partial class IamPolicyTests
{
    /// <summary>AWS SDK operation (the client method without "Async") to the IAM actions it is authorized by.</summary>
    private static readonly Dictionary<string, string[]> ActionsOf = new(StringComparer.Ordinal)
    {
        ["GetItem"] = ["dynamodb:GetItem"],
        ["Query"] = ["dynamodb:Query"],
        ["PutItem"] = ["dynamodb:PutItem"],
        ["DeleteItem"] = ["dynamodb:DeleteItem"],
        ["UpdateItem"] = ["dynamodb:UpdateItem"],
        // IAM has no TransactWriteItems action: each item inside needs its own, a ConditionCheck item
        // dynamodb:ConditionCheckItem (the item kinds the code writes are checked against this entry below).
        ["TransactWriteItems"] = ["dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"],
        ["Decrypt"] = ["kms:Decrypt"],
        ["Encrypt"] = ["kms:Encrypt"],
        ["Sign"] = ["kms:Sign"],
        ["GetPublicKey"] = ["kms:GetPublicKey"],
    };

    /// <summary>SDK operations only the local runner and the tests call (creating a local table); never in Lambda.</summary>
    private static readonly HashSet<string> LocalOnly = new(StringComparer.Ordinal) { "CreateTable", "DescribeTable", "DescribeTimeToLive", "UpdateTimeToLive" };

    /// <summary>
    /// What each function's code calls in Lambda. The authorizer reads apps, codes, settings, authorizations and
    /// revocations (GetItem, Query on the table), records nonces (PutItem) and adds to the failure throttle's shared
    /// counters (UpdateItem ADD); management does every store write, and counts failures at POST /v1/tokens; the
    /// sample backend reads apps and decrypts their secrets.
    /// </summary>
    private static readonly Dictionary<string, string[]> OperationsOf = new(StringComparer.Ordinal)
    {
        ["AuthorizerFunction"] = ["GetItem", "Query", "PutItem", "UpdateItem", "Decrypt", "GetPublicKey"],
        ["AuthorizerNativeFunction"] = ["GetItem", "Query", "PutItem", "UpdateItem", "Decrypt", "GetPublicKey"],
        ["CachedAuthorizerFunction"] = ["GetItem", "Query", "PutItem", "UpdateItem", "Decrypt", "GetPublicKey"],
        ["ManagementFunction"] = ["GetItem", "Query", "PutItem", "DeleteItem", "UpdateItem", "TransactWriteItems", "Decrypt", "Encrypt", "Sign", "GetPublicKey"],
        // Authorizer.Backend reads apps and decrypts secrets to complete deferred body signatures, through the
        // authorizer's composition (which fetches the token public key once).
        ["EchoFunction"] = ["GetItem", "Query", "Decrypt", "GetPublicKey"],
    };

    /// <summary>
    /// Writes a function may make only to items of some key shapes: the action, the LeadingKeys patterns the
    /// template must pin it to, and the DynamoKeys builder whose keys must match them.
    /// </summary>
    private static readonly (string Function, string Action, string[] LeadingKeys, string KeyBuilder)[] KeyLimits =
    [
        ("AuthorizerFunction", "dynamodb:PutItem", ["NONCE#*"], "NoncePk"),
        ("AuthorizerNativeFunction", "dynamodb:PutItem", ["NONCE#*"], "NoncePk"),
        ("AuthorizerFunction", "dynamodb:UpdateItem", ["THROTTLE#*"], "ThrottlePk"),
        ("AuthorizerNativeFunction", "dynamodb:UpdateItem", ["THROTTLE#*"], "ThrottlePk"),
        ("CachedAuthorizerFunction", "dynamodb:PutItem", ["NONCE#*"], "NoncePk"),
        ("CachedAuthorizerFunction", "dynamodb:UpdateItem", ["THROTTLE#*"], "ThrottlePk"),
        ("ManagementFunction", "dynamodb:UpdateItem", ["THROTTLE#*"], "ThrottlePk"),
    ];

    /// <summary>Resources each service's actions may name: the app table (and its index) and the two keys.</summary>
    private static readonly Dictionary<string, string[]> AllowedResources = new(StringComparer.Ordinal)
    {
        ["dynamodb"] = ["AppTable.Arn", "${AppTable.Arn}/index/GSI1"],
        ["kms"] = ["SecretsKey.Arn", "TokenSigningKey.Arn"],
    };

    private static readonly YamlMappingNode Root = TemplateReader.LoadRoot(RepositoryPaths.Template);

    [Fact]
    public void Every_aws_sdk_call_in_the_code_is_in_the_tables()
    {
        var called = SdkCallsInSource();

        Assert.NotEmpty(called);
        var unknown = called.Where(op => !ActionsOf.ContainsKey(op) && !LocalOnly.Contains(op)).ToList();
        Assert.True(unknown.Count == 0, $"SDK calls with no IAM mapping in {nameof(ActionsOf)}: {string.Join(", ", unknown)}");
        var unowned = called.Where(ActionsOf.ContainsKey).Where(op => !OperationsOf.Values.Any(ops => ops.Contains(op))).ToList();
        Assert.True(unowned.Count == 0, $"SDK calls no function is listed as making in {nameof(OperationsOf)}: {string.Join(", ", unowned)}");
    }

    /// <summary>The IAM action authorizing each kind of <c>TransactWriteItem</c> (AWS: "Using IAM with DynamoDB transactions").</summary>
    private static readonly Dictionary<string, string> TransactionItemActions = new(StringComparer.Ordinal)
    {
        ["Put"] = "dynamodb:PutItem",
        ["Delete"] = "dynamodb:DeleteItem",
        ["Update"] = "dynamodb:UpdateItem",
        ["ConditionCheck"] = "dynamodb:ConditionCheckItem",
    };

    [Fact]
    public void The_transaction_entry_names_the_action_of_every_item_kind_the_code_writes()
    {
        var kinds = SourceFiles()
            .SelectMany(f => TransactionItem().Matches(File.ReadAllText(f)))
            .Select(m => m.Groups["kind"].Value)
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(kinds);
        var needed = kinds.Select(k => TransactionItemActions[k]).ToHashSet(StringComparer.Ordinal);
        Assert.True(
            needed.SetEquals(ActionsOf["TransactWriteItems"]),
            $"transaction items written: [{string.Join(", ", kinds.Order())}] need [{string.Join(", ", needed.Order())}], the table says [{string.Join(", ", ActionsOf["TransactWriteItems"])}]");
    }

    [Fact]
    public void Every_operation_in_the_tables_is_still_called_by_the_code()
    {
        var called = SdkCallsInSource();

        var stale = OperationsOf.Values.SelectMany(ops => ops).Concat(ActionsOf.Keys).Distinct().Where(op => !called.Contains(op)).ToList();
        Assert.True(stale.Count == 0, $"operations the code no longer calls: {string.Join(", ", stale)}");
    }

    [Fact]
    public void Every_function_of_the_template_is_in_the_table()
    {
        var functions = Functions().Select(f => f.Key).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(OperationsOf.Keys.Order(StringComparer.Ordinal), functions);
    }

    [Theory]
    [MemberData(nameof(FunctionIds))]
    public void A_function_is_granted_exactly_the_actions_its_operations_need(string function)
    {
        var needed = OperationsOf[function].SelectMany(op => ActionsOf[op]).ToHashSet(StringComparer.Ordinal);
        var granted = Statements(function).SelectMany(s => Scalars(s.Child("Action"))).ToHashSet(StringComparer.Ordinal);

        Assert.True(needed.SetEquals(granted), $"{function}: needs [{string.Join(", ", needed.Order())}], granted [{string.Join(", ", granted.Order())}]");
        Assert.All(Statements(function), s => Assert.Equal("Allow", (s.Child("Effect") as YamlScalarNode)?.Value));
    }

    [Theory]
    [MemberData(nameof(FunctionIds))]
    public void Statements_name_only_the_app_table_and_the_keys(string function)
    {
        foreach (var statement in Statements(function))
        {
            var services = Scalars(statement.Child("Action")).Select(a => a.Split(':')[0]).Distinct().ToList();
            var service = Assert.Single(services);
            var resources = ResourceNames(statement.Child("Resource"));

            Assert.NotEmpty(resources);
            Assert.All(resources, r => Assert.Contains(r, AllowedResources[service]));
        }
    }

    [Fact]
    public void The_management_function_may_query_the_authorizations_index()
    {
        var query = Statements("ManagementFunction").Single(s => Scalars(s.Child("Action")).Contains("dynamodb:Query"));

        Assert.Contains("${AppTable.Arn}/index/GSI1", ResourceNames(query.Child("Resource")));
    }

    [Fact]
    public void Limited_writes_are_pinned_to_the_key_shapes_the_code_writes()
    {
        var keys = typeof(Authorizer.Store.DynamoDb.DynamoDbAppStore).Assembly.GetType("Authorizer.Store.DynamoDb.DynamoKeys", throwOnError: true)!;
        foreach (var (function, action, leadingKeys, keyBuilder) in KeyLimits)
        {
            var statements = Statements(function).Where(s => Scalars(s.Child("Action")).Contains(action)).ToList();
            var statement = Assert.Single(statements);
            var condition = statement.Child("Condition").Child("ForAllValues:StringLike").Child("dynamodb:LeadingKeys");
            Assert.Equal(leadingKeys, Scalars(condition));

            var builder = keys.GetMethod(keyBuilder, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
            var sample = (string)builder.Invoke(null, builder.GetParameters().Select(_ => (object)"sample#value").ToArray())!;
            Assert.Contains(leadingKeys, pattern => Regex.IsMatch(sample, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$"));
        }
    }

    public static TheoryData<string> FunctionIds() => [.. OperationsOf.Keys];

    /// <summary>SDK operations called in src/ (not the local runner): <c>client.XAsync(</c>, <c>_client.XAsync(</c>, <c>kms.XAsync(</c>, <c>_kms.XAsync(</c>.</summary>
    private static HashSet<string> SdkCallsInSource() =>
        SourceFiles()
            .SelectMany(f => SdkCall().Matches(File.ReadAllText(f)))
            .Select(m => m.Groups["operation"].Value)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The C# files of src/ that run in Lambda (not the local runner, not build output).</summary>
    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Authorizer.Local{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [GeneratedRegex(@"\b_?(?:client|kms)\.(?<operation>[A-Z][A-Za-z]+)Async\(")]
    private static partial Regex SdkCall();

    /// <summary>An item of a transaction as the store builds them: <c>Put = new Put</c>, <c>ConditionCheck = new ConditionCheck</c>.</summary>
    [GeneratedRegex(@"\b(?<kind>Put|Delete|Update|ConditionCheck) = new \k<kind>\b")]
    private static partial Regex TransactionItem();

    private static IEnumerable<KeyValuePair<string, YamlNode>> Functions() =>
        Root.Child("Resources").Entries().Where(r => (r.Value.Child("Type") as YamlScalarNode)?.Value == "AWS::Serverless::Function");

    /// <summary>The function's statements; a SAM policy template would hide its actions, so one fails the test.</summary>
    private static List<YamlNode> Statements(string function)
    {
        var policies = Root.Child("Resources").Child(function).Child("Properties").Child("Policies");
        var statements = new List<YamlNode>();
        foreach (var policy in policies.Items())
        {
            foreach (var (name, value) in policy.Entries())
            {
                Assert.True(name == "Statement", $"{function}: policy '{name}' — write its statements out so they can be checked");
                statements.AddRange(value.Items());
            }
        }

        return statements;
    }

    private static List<string> Scalars(YamlNode? node) => node switch
    {
        YamlScalarNode scalar => [scalar.Value ?? string.Empty],
        YamlSequenceNode sequence => sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty).ToList(),
        _ => [],
    };

    // "!GetAtt AppTable.Arn" → AppTable.Arn; "!Sub ${AppTable.Arn}/index/GSI1" → the Sub text.
    private static List<string> ResourceNames(YamlNode? node) => node switch
    {
        YamlScalarNode scalar => [scalar.Value ?? string.Empty],
        YamlSequenceNode sequence => sequence.Children.SelectMany(ResourceNames).ToList(),
        _ => [],
    };
}
