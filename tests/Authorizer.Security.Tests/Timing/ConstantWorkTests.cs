using System.Text;
using Authorizer.Core.Model;
using Authorizer.Core.Store;
using Authorizer.Core.Verification;

namespace Authorizer.Security.Tests.Timing;

/// <summary>
/// Unknown AppKeys must cost the same secret work as known ones, so response time does not reveal which keys
/// exist; and every secret is tried, so it does not reveal which secret of a rotated pair matched.
/// </summary>
public sealed class ConstantWorkTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 20, 0, TimeSpan.Zero);

    private static ResolvedApp App(params SecretMaterial[] secrets) => new(
        new AppRecord { AppId = "a", Name = "a", AppKey = "k", Secrets = [] },
        secrets);

    [Fact]
    public void An_unknown_key_runs_the_comparison_exactly_as_often_as_a_known_single_secret_app()
    {
        var unknownCalls = 0;
        SecretMatcher.Match(SecretMatcher.SecretsOrDummy(null), Now, _ => { unknownCalls++; return false; });

        var knownCalls = 0;
        SecretMatcher.Match(SecretMatcher.SecretsOrDummy(App(new SecretMaterial(Encoding.UTF8.GetBytes("s"), null))), Now, _ => { knownCalls++; return false; });

        Assert.Equal(1, unknownCalls);
        Assert.Equal(knownCalls, unknownCalls);
    }

    [Fact]
    public void The_dummy_secret_is_real_key_material()
    {
        var dummy = Assert.Single(SecretMatcher.SecretsOrDummy(null));
        Assert.True(dummy.Secret.Length >= 32);
        Assert.Contains(dummy.Secret, b => b != 0);
    }

    [Fact]
    public void An_app_without_secrets_also_gets_the_dummy_work()
    {
        var calls = 0;
        var result = SecretMatcher.Match(SecretMatcher.SecretsOrDummy(App()), Now, _ => { calls++; return true; });
        Assert.Equal(1, calls);
        Assert.Equal(SecretMatch.Usable, result);
    }

    [Fact]
    public void Every_secret_is_tried_even_after_a_match()
    {
        var calls = 0;
        var secrets = SecretMatcher.SecretsOrDummy(App(
            new SecretMaterial([1], null),
            new SecretMaterial([2], Now.AddHours(1)),
            new SecretMaterial([3], Now.AddHours(-1))));
        var result = SecretMatcher.Match(secrets, Now, secret => { calls++; return secret[0] == 1; });
        Assert.Equal(3, calls);
        Assert.Equal(SecretMatch.Usable, result);
    }

    [Fact]
    public void Presented_secrets_are_compared_by_digest_whatever_their_length()
    {
        var stored = Encoding.UTF8.GetBytes("qB7vXk2LpN9sRt4wYz1cF6hJ0mD3gA8e");
        Assert.True(SecretMatcher.SecretEquals("qB7vXk2LpN9sRt4wYz1cF6hJ0mD3gA8e", stored));
        Assert.False(SecretMatcher.SecretEquals("qB7vXk2LpN9sRt4wYz1cF6hJ0mD3gA8", stored));
        Assert.False(SecretMatcher.SecretEquals(string.Empty, stored));
        Assert.False(SecretMatcher.SecretEquals(new string('x', 10_000), stored));
    }

    /// <summary>
    /// Every verifier that looks an app up by AppKey must run its check through the dummy-secret path: a
    /// source check, because the HMAC work is inside the verifier and not observable from outside.
    /// </summary>
    [Fact]
    public void Every_verifier_that_looks_up_an_app_key_uses_the_dummy_secret_path()
    {
        var dir = Path.Combine(RepositoryRoot(), "src", "Authorizer.Core", "Verification");
        var lookups = Directory.GetFiles(dir, "*.cs")
            .Where(f => File.ReadAllText(f).Contains("FindByAppKeyAsync", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(lookups);
        foreach (var file in lookups)
        {
            var text = File.ReadAllText(file);
            Assert.True(
                text.Contains("SecretMatcher.SecretsOrDummy", StringComparison.Ordinal),
                $"{Path.GetFileName(file)} looks up an AppKey without the constant-work path");
            Assert.DoesNotContain("SequenceEqual", text, StringComparison.Ordinal);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Authorizer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Authorizer.sln not found above the test assembly.");
    }
}
