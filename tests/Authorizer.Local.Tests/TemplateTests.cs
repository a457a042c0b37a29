using Authorizer.Functions.Settings;
using Authorizer.Local.Functions;
using Authorizer.Local.Template;
using YamlDotNet.RepresentationModel;

namespace Authorizer.Local.Tests;

/// <summary>template.yaml against the built code: handlers, configuration, policies, authorizers, gateway responses.</summary>
public sealed class TemplateTests
{
    /// <summary>Header-keyed authorizers, whose answers API Gateway caches, run the result-cache entry.</summary>
    private static string ExpectedFunction(string authorizerName) =>
        authorizerName.Contains("Cached", StringComparison.Ordinal)
            ? "CachedAuthorizerFunction"
            : "AuthorizerFunction";

    private static readonly SamTemplate Template = TemplateReader.Read(RepositoryPaths.Template);

    [Fact]
    public void The_template_declares_the_functions_the_native_authorizer_variant_and_the_result_cache_entry()
    {
        Assert.Equal(
            ["AuthorizerFunction", "AuthorizerNativeFunction", "CachedAuthorizerFunction", "EchoFunction", "ManagementFunction"],
            Template.Functions.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_native_authorizer_is_the_aot_custom_runtime_with_the_managed_authorizers_configuration()
    {
        var root = TemplateReader.LoadRoot(RepositoryPaths.Template);
        var native = root.Child("Resources").Child("AuthorizerNativeFunction");
        var props = native.Child("Properties");

        Assert.Equal("UseNativeAuthorizer", Scalar(native.Child("Condition")));
        Assert.Equal("makefile", Scalar(native.Child("Metadata").Child("BuildMethod")));
        Assert.Equal("provided.al2023", Scalar(props.Child("Runtime")));
        Assert.Equal("bootstrap", Scalar(props.Child("Handler")));
        Assert.Equal("src/Authorizer.Runtime/", Scalar(props.Child("CodeUri")));
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "src", "Authorizer.Runtime", "Makefile")));
        Assert.Contains("build-AuthorizerNativeFunction:", File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "Authorizer.Runtime", "Makefile")), StringComparison.Ordinal);
        Assert.Equal(Template.GetFunction("AuthorizerFunction").Environment, Template.GetFunction("AuthorizerNativeFunction").Environment);
        Assert.Equal(Flatten(Template.GetFunction("AuthorizerFunction").Policies), Flatten(Template.GetFunction("AuthorizerNativeFunction").Policies));
        Assert.Equal(Policies("AuthorizerFunction").Named, Policies("AuthorizerNativeFunction").Named);
    }

    [Fact]
    public void Every_lambda_authorizer_switches_to_the_native_function_under_the_condition()
    {
        var root = TemplateReader.LoadRoot(RepositoryPaths.Template);
        var arns = root.Child("Resources").Entries()
            .SelectMany(resource => resource.Value.Child("Properties").Child("Auth").Child("Authorizers").Entries())
            .Select(authorizer => authorizer.Value.Child("FunctionArn"))
            .ToList();

        Assert.NotEmpty(arns);
        foreach (var arn in arns)
        {
            if (arn is YamlScalarNode cached)
            {
                // The result-cache entry has no native variant: it is the managed CachedAuthorizerFunction either way.
                Assert.Equal("!GetAtt", cached.Tag.Value);
                Assert.Equal("CachedAuthorizerFunction.Arn", cached.Value);
                continue;
            }

            var branches = Assert.IsType<YamlSequenceNode>(arn);
            Assert.Equal("!If", branches.Tag.Value);
            Assert.Equal(["UseNativeAuthorizer", "AuthorizerNativeFunction.Arn", "AuthorizerFunction.Arn"], Flatten(branches));
        }

        // Locally conditions are false: the gateway runs the managed handlers in-process.
        Assert.All(Template.Apis.SelectMany(api => api.Authorizers.Values), a => Assert.Equal(ExpectedFunction(a.Name), a.FunctionLogicalId));
    }

    [Fact]
    public void Every_handler_resolves_to_a_public_Task_of_Stream_method_taking_a_Stream()
    {
        // A custom runtime's handler names its executable, not a .NET method.
        foreach (var function in Template.Functions.Values.Where(f => f.Handler != "bootstrap"))
        {
            var method = HandlerReference.Parse(function.Handler).Resolve();

            Assert.Equal(typeof(Task<Stream>), method.ReturnType);
            Assert.True(method.DeclaringType!.IsPublic, function.LogicalId);
            Assert.NotNull(method.DeclaringType.GetConstructor(Type.EmptyTypes));
        }
    }

    [Fact]
    public void Every_function_environment_is_a_valid_deployed_configuration()
    {
        foreach (var function in Template.Functions.Values)
        {
            var settings = AuthorizerSettings.FromVariables(function.Environment.ToDictionary(e => e.Key, e => (string?)e.Value));

            // In Lambda there is no local file: the table and both KMS keys must come from the template.
            Assert.True(settings.UsesDynamoDb, $"{function.LogicalId}: {AuthorizerSettings.TableNameVariable}");
            Assert.Equal("AppTable", settings.TableName);
            Assert.Equal("SecretsKey", settings.KmsKeyId);
            Assert.Equal("TokenSigningKey", settings.TokenKmsKeyId);
        }
    }

    [Fact]
    public void Globals_set_the_runtime_and_tracing_but_no_architecture()
    {
        var globals = TemplateReader.LoadRoot(RepositoryPaths.Template).Child("Globals").Child("Function");

        Assert.Equal("dotnet10", Scalar(globals.Child("Runtime")));
        // SAM appends a function's Architectures to the Globals list; Lambda takes one item.
        Assert.Null(globals.Child("Architectures"));
        Assert.Equal("Active", Scalar(globals.Child("Tracing")));
    }

    [Fact]
    public void The_authorizer_may_read_the_table_write_only_nonces_and_failure_counters_and_decrypt_secrets()
    {
        var policies = Policies("AuthorizerFunction");

        Assert.Empty(policies.Named);
        Assert.Equal(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem", "kms:Decrypt", "kms:GetPublicKey"], policies.Actions.Order(StringComparer.Ordinal));
        var nonceStatement = policies.Statements.Single(s => Actions(s).Contains("dynamodb:PutItem"));
        Assert.Contains("NONCE#*", Flatten(nonceStatement.Child("Condition")));
        var counterStatement = policies.Statements.Single(s => Actions(s).Contains("dynamodb:UpdateItem"));
        Assert.Equal(["THROTTLE#*"], Flatten(counterStatement.Child("Condition")).Where(v => v.Contains('#', StringComparison.Ordinal)));
    }

    [Fact]
    public void The_management_function_has_the_table_writes_and_exactly_the_kms_operations_it_uses()
    {
        var policies = Policies("ManagementFunction");

        Assert.Empty(policies.Named);
        Assert.Equal(
            ["dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem", "kms:Decrypt", "kms:Encrypt", "kms:GetPublicKey", "kms:Sign"],
            policies.Actions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_echo_function_only_reads_apps_and_decrypts_their_secrets()
    {
        var policies = Policies("EchoFunction");

        // Authorizer.Backend completes deferred body signatures: it never writes to the table.
        Assert.Empty(policies.Named);
        Assert.Equal(["dynamodb:GetItem", "dynamodb:Query", "kms:Decrypt", "kms:GetPublicKey"], policies.Actions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_rest_api_runs_every_route_but_token_issuance_and_the_openapi_document_through_the_authorizer()
    {
        var rest = Template.Apis.Single(a => a.Kind == ApiKind.Rest);

        Assert.All(rest.Authorizers.Values, a => Assert.Equal(ExpectedFunction(a.Name), a.FunctionLogicalId));
        Assert.All(rest.Authorizers.Values, a => Assert.Equal("REQUEST", a.PayloadType));
        Assert.Null(rest.Routes.Single(r => r.Path == "/v1/tokens" && r.Method == "POST").AuthorizerName);
        Assert.Null(rest.Routes.Single(r => r.Path == "/v1/openapi.json" && r.Method == "GET").AuthorizerName);
        Assert.Equal("AppAuthorizer", rest.Routes.Single(r => r.Path == "/v1/{proxy+}").AuthorizerName);
        Assert.Equal("AppAuthorizer", rest.Routes.Single(r => r.Path == "/echo/{proxy+}").AuthorizerName);
    }

    [Fact]
    public void Signature_capable_authorizers_do_not_cache_and_the_header_keyed_one_caches_300_seconds()
    {
        var rest = Template.Apis.Single(a => a.Kind == ApiKind.Rest);

        Assert.Equal(0, rest.Authorizers["AppAuthorizer"].TtlSeconds);
        Assert.Empty(rest.Authorizers["AppAuthorizer"].IdentityHeaders);
        Assert.Equal(300, rest.Authorizers["CachedAppAuthorizer"].TtlSeconds);
        Assert.Equal(["Authorization"], rest.Authorizers["CachedAppAuthorizer"].IdentityHeaders);
    }

    [Theory]
    [InlineData("UNAUTHORIZED", 401)]
    [InlineData("ACCESS_DENIED", 403)]
    [InlineData("AUTHORIZER_FAILURE", 500)]
    [InlineData("AUTHORIZER_CONFIGURATION_ERROR", 500)]
    public void Gateway_responses_carry_the_error_headers_and_a_json_body(string type, int status)
    {
        var response = Template.Apis.Single(a => a.Kind == ApiKind.Rest).GatewayResponses[type];

        Assert.Equal(status, response.StatusCode);
        Assert.True(response.Headers.ContainsKey("X-Ca-Error-Code"));
        Assert.True(response.Headers.ContainsKey("X-Ca-Error-Message"));
        Assert.True(response.Templates.ContainsKey("application/json"));
    }

    [Fact]
    public void Access_denied_maps_the_authorizer_context_into_the_headers()
    {
        var response = Template.Apis.Single(a => a.Kind == ApiKind.Rest).GatewayResponses["ACCESS_DENIED"];

        Assert.Equal("context.authorizer.errorCode", response.Headers["X-Ca-Error-Code"]);
        Assert.Equal("context.authorizer.errorMessage", response.Headers["X-Ca-Error-Message"]);
    }

    [Fact]
    public void The_http_api_uses_payload_2_and_simple_responses()
    {
        var http = Template.Apis.Single(a => a.Kind == ApiKind.Http);

        Assert.Equal(["AppHttpAuthorizer", "AppHttpCachedAuthorizer"], http.Authorizers.Keys.Order(StringComparer.Ordinal));
        Assert.All(http.Authorizers.Values, authorizer =>
        {
            Assert.Equal("2.0", authorizer.PayloadFormatVersion);
            Assert.True(authorizer.SimpleResponses);
            Assert.Equal(ExpectedFunction(authorizer.Name), authorizer.FunctionLogicalId);
        });
    }

    [Fact]
    public void The_table_has_ttl_point_in_time_recovery_and_the_authorizations_index()
    {
        var table = TemplateReader.LoadRoot(RepositoryPaths.Template).Child("Resources").Child("AppTable").Child("Properties");

        Assert.Equal("PAY_PER_REQUEST", Scalar(table.Child("BillingMode")));
        Assert.Equal("expiresAt", Scalar(table.Child("TimeToLiveSpecification").Child("AttributeName")));
        Assert.Equal("true", Scalar(table.Child("PointInTimeRecoverySpecification").Child("PointInTimeRecoveryEnabled")));
        Assert.Single(table.Child("GlobalSecondaryIndexes").Items());
    }

    [Fact]
    public void The_token_key_is_an_ecc_p256_signing_key()
    {
        var key = TemplateReader.LoadRoot(RepositoryPaths.Template).Child("Resources").Child("TokenSigningKey").Child("Properties");

        Assert.Equal("ECC_NIST_P256", Scalar(key.Child("KeySpec")));
        Assert.Equal("SIGN_VERIFY", Scalar(key.Child("KeyUsage")));
    }

    private sealed record PolicySet(List<string> Named, List<YamlNode> Statements, List<string> Actions);

    private static PolicySet Policies(string logicalId)
    {
        var named = new List<string>();
        var statements = new List<YamlNode>();
        foreach (var policy in Template.GetFunction(logicalId).Policies.Items())
        {
            foreach (var (name, value) in policy.Entries())
            {
                if (name == "Statement")
                {
                    statements.AddRange(value.Items());
                }
                else
                {
                    named.Add(name);
                }
            }
        }

        return new PolicySet(named, statements, statements.SelectMany(Actions).ToList());
    }

    private static List<string> Actions(YamlNode statement)
    {
        var action = statement.Child("Action");
        return action is YamlScalarNode single ? [single.Value!] : action.Items().Select(a => Scalar(a)!).ToList();
    }

    private static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;

    private static List<string> Flatten(YamlNode? node) => node switch
    {
        YamlScalarNode scalar => [scalar.Value ?? string.Empty],
        YamlSequenceNode sequence => sequence.Children.SelectMany(Flatten).ToList(),
        YamlMappingNode mapping => mapping.Children.Values.SelectMany(Flatten).ToList(),
        _ => [],
    };
}
