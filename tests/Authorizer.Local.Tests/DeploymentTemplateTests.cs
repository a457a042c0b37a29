using Authorizer.Local.Template;
using YamlDotNet.RepresentationModel;

namespace Authorizer.Local.Tests;

/// <summary>What `sam build` / `sam deploy` read from template.yaml and samconfig.toml beyond the local runner's needs.</summary>
public sealed class DeploymentTemplateTests
{
    private static readonly YamlMappingNode Root = TemplateReader.LoadRoot(RepositoryPaths.Template);

    private static YamlNode? Resource(string id) => Root.Child("Resources").Child(id);

    [Theory]
    [InlineData("AuthorizerFunction")]
    [InlineData("CachedAuthorizerFunction")]
    [InlineData("ManagementFunction")]
    [InlineData("EchoFunction")]
    public void Managed_functions_each_name_one_architecture(string function)
    {
        var architectures = Resource(function).Child("Properties").Child("Architectures").Items().ToList();

        Assert.Equal("arm64", Scalar(Assert.Single(architectures)));
    }

    [Fact]
    public void The_native_function_takes_its_architecture_from_a_parameter_defaulting_to_x86_64()
    {
        var architecture = Assert.Single(Resource("AuthorizerNativeFunction").Child("Properties").Child("Architectures").Items());
        var parameter = Root.Child("Parameters").Child("NativeArchitecture");

        Assert.Equal("!Ref", architecture.Tag.Value);
        Assert.Equal("NativeArchitecture", Scalar(architecture));
        Assert.Equal("x86_64", Scalar(parameter.Child("Default")));
        Assert.Equal(["x86_64", "arm64"], parameter.Child("AllowedValues").Items().Select(Scalar));
    }

    [Fact]
    public void The_native_function_is_built_in_source_through_samconfig_not_a_metadata_key()
    {
        var metadata = Resource("AuthorizerNativeFunction").Child("Metadata");
        var samconfig = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "samconfig.toml"));
        var build = samconfig.SkipWhile(l => l.Trim() != "[default.build.parameters]").Skip(1).TakeWhile(l => !l.StartsWith('['));

        Assert.Null(metadata.Child("BuildInSource"));
        Assert.Equal("makefile", Scalar(metadata.Child("BuildMethod")));
        Assert.Contains("build_in_source = true", build.Select(l => l.Trim()));
    }

    [Fact]
    public void The_function_project_names_its_target_framework_for_amazon_lambda_tools()
    {
        var project = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "Authorizer.Functions", "Authorizer.Functions.csproj"));

        Assert.Contains("<TargetFramework>net10.0</TargetFramework>", project, StringComparison.Ordinal);
    }

    [Fact]
    public void Gateway_response_templates_use_only_context_variables()
    {
        var responses = Resource("RestApi").Child("Properties").Child("GatewayResponses").Entries().ToList();

        Assert.NotEmpty(responses);
        foreach (var (type, response) in responses)
        {
            var body = Scalar(response.Child("ResponseTemplates").Child("application/json")) ?? string.Empty;
            Assert.DoesNotContain("$util", body, StringComparison.Ordinal);
            Assert.DoesNotContain("#set", body, StringComparison.Ordinal);
            // The message may hold quotes: it travels in a header, never unescaped in the JSON body.
            Assert.DoesNotContain("$context.authorizer.errorMessage", body, StringComparison.Ordinal);
            Assert.True(System.Text.Json.JsonDocument.Parse(body.Replace("$context.error.messageString", "\"m\"", StringComparison.Ordinal)).RootElement.ValueKind == System.Text.Json.JsonValueKind.Object, type);
        }
    }

    [Fact]
    public void Usage_plans_are_off_by_default_and_wired_to_the_authorizer_key_when_on()
    {
        var api = Resource("RestApi").Child("Properties");
        var plan = Resource("AppUsagePlan");

        Assert.Equal("AUTHORIZER", Scalar(api.Child("ApiKeySourceType")));
        Assert.Equal("UsagePlans", Scalar(api.Child("Auth").Child("ApiKeyRequired")));
        Assert.Equal("!Ref", api.Child("Auth").Child("ApiKeyRequired")!.Tag.Value);
        Assert.Equal("false", Scalar(api.Child("Auth").Child("AddApiKeyRequiredToCorsPreflight")));
        Assert.Equal(string.Empty, Scalar(Root.Child("Parameters").Child("UsagePlans").Child("Default")));
        Assert.Equal("UseUsagePlans", Scalar(plan.Child("Condition")));
        Assert.Equal("AWS::ApiGateway::UsagePlan", Scalar(plan.Child("Type")));
        Assert.NotNull(plan.Child("Properties").Child("Throttle").Child("RateLimit"));
        Assert.NotNull(plan.Child("Properties").Child("Throttle").Child("BurstLimit"));
        Assert.NotNull(plan.Child("Properties").Child("Quota").Child("Limit"));
        Assert.Equal("RestApi.Stage", Scalar(Assert.Single(plan.Child("Properties").Child("ApiStages").Items()).Child("Stage")));
    }

    [Fact]
    public void Preflights_on_the_rest_api_skip_the_default_authorizer()
    {
        var auth = Resource("RestApi").Child("Properties").Child("Auth");

        Assert.Equal("false", Scalar(auth.Child("AddDefaultAuthorizerToCorsPreflight")));
    }

    private static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;
}
