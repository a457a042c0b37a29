namespace Authorizer.Benchmarks;

/// <summary>Seeds a store and writes the event for <c>bench/cold-start.sh</c>.</summary>
internal static class ColdStartSeed
{
    public static Task<int> RunAsync(string folder)
    {
        _ = folder;
        throw new NotSupportedException("Seeding is wired once the authorizer handler's settings are known.");
    }
}
