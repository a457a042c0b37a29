using Authorizer.Core.Secrets;

namespace Authorizer.Core.Tests;

public sealed class CredentialGeneratorTests
{
    [Fact]
    public void App_keys_are_twelve_digits_without_a_leading_zero()
    {
        var keys = Enumerable.Range(0, 200).Select(_ => CredentialGenerator.NewAppKey()).ToList();

        Assert.All(keys, k => Assert.Matches("^[1-9][0-9]{11}$", k));
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void Secrets_codes_and_ids_have_their_documented_shapes()
    {
        Assert.Matches("^[A-Za-z0-9_-]{43}$", CredentialGenerator.NewAppSecret());
        Assert.Matches("^[0-9a-f]{64}$", CredentialGenerator.NewAppCode());
        Assert.Matches("^[0-9a-f]{32}$", CredentialGenerator.NewId());
        Assert.NotEqual(CredentialGenerator.NewAppSecret(), CredentialGenerator.NewAppSecret());
    }

    [Fact]
    public void App_code_hash_is_lower_hex_sha256()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", AppCodeHasher.Hash(string.Empty));
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", AppCodeHasher.Hash("abc"));
    }
}
