using System.CommandLine;
using Authorizer.Local.Seeding;
using Authorizer.Management;

namespace Authorizer.Local.Commands;

/// <summary><c>bootstrap-admin [--store …] [--name admin]</c>: creates an admin app when the store has none and prints its credentials once.</summary>
internal static class BootstrapAdminCommand
{
    public static Command Create(CommandIo io)
    {
        var store = CommonOptions.Store();
        var name = new Option<string>("--name") { Description = "The admin app's name.", HelpName = "NAME", DefaultValueFactory = _ => "admin" };
        var command = new Command("bootstrap-admin", "Creates the first admin app when the store has none and prints its credentials once.")
        {
            store, name,
        };
        command.SetAction((result, _) => RunAsync(result.GetValue(store), result.GetValue(name)!, io.Stdout));
        return command;
    }

    private static async Task<int> RunAsync(string? storeSpec, string name, TextWriter stdout)
    {
        var store = await LocalStore.OpenAsync(storeSpec, TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
        await using (store.ConfigureAwait(false))
        {
            var admin = await new AdminBootstrapper(store.Store, store.Protector, TimeProvider.System)
                .CreateFirstAdminAsync(name).ConfigureAwait(false);
            if (admin is null)
            {
                await stdout.WriteLineAsync($"{store.Description} already has an enabled admin app; nothing created.").ConfigureAwait(false);
                return 0;
            }

            await AdminAccess.GrantAsync(store.Store, admin.AppId, TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
            await stdout.WriteLineAsync($"""
                Admin app created in {store.Description} (shown once; keep it):
                  AppId:     {admin.AppId}
                  AppKey:    {admin.AppKey}
                  AppSecret: {admin.AppSecret}
                  AppCode:   {admin.AppCode}
                  Authorized for {AdminAccess.Route.Method} {AdminAccess.Route.Path} on every API and stage.
                """).ConfigureAwait(false);
            return 0;
        }
    }
}
