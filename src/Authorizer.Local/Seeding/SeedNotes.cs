namespace Authorizer.Local.Seeding;

/// <summary>Tells the user what a seed run left as stored, so a seed that did not apply is never a silent surprise.</summary>
internal static class SeedNotes
{
    public static async Task WriteAsync(SeedReport report, string storeDescription, TextWriter log)
    {
        foreach (var apiId in report.KeptApiSettings)
        {
            await log.WriteLineAsync(
                $"Seed: kept the stored settings of API '{apiId}' in {storeDescription} (they differ from the seed's); "
                + $"change them with PUT /v1/apis/{apiId} or delete them to seed again.").ConfigureAwait(false);
        }
    }
}
