using System.Globalization;
using FsCheck;
using Microsoft.FSharp.Core;

namespace Authorizer.TestSupport;

/// <summary>
/// Seeded FsCheck configuration: every run is reproducible. The seed is fixed and can be overridden with the
/// environment variable <c>AUTHORIZER_FSCHECK_SEED</c> (an unsigned integer) to explore or replay other runs.
/// </summary>
public static class PropertyRun
{
    public const string SeedVariable = "AUTHORIZER_FSCHECK_SEED";
    public const ulong DefaultSeed = 20_261_123;

    public static ulong Seed { get; } =
        ulong.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : DefaultSeed;

    /// <summary>A throwing configuration with <paramref name="maxTest"/> cases from the seed; <paramref name="salt"/> separates properties.</summary>
    public static Config Config(int maxTest, ulong salt)
    {
        var replay = new Replay(new Rnd(Seed ^ (salt * 0x9E3779B97F4A7C15UL)), FSharpOption<int>.None);
        return FsCheck.Config.QuickThrowOnFailure
            .WithMaxTest(maxTest)
            .WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(replay));
    }
}
