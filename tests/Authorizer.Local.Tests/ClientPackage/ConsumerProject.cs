namespace Authorizer.Local.Tests.ClientPackage;

/// <summary>
/// A throwaway console project that knows the client only as a package: it restores
/// <c>Authorizer.Client</c> from a local folder feed and nothing else, and calls a URL signed with the
/// scheme and credentials it is given, printing the status code and the body.
/// </summary>
internal static class ConsumerProject
{
    public static void Write(string directory, string feed, string version)
    {
        Directory.CreateDirectory(directory);

        // Empty build files stop MSBuild from picking up whatever Directory.Build.* lie above the temp folder.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>

            """);
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Authorizer.Client" Version="{version}" />
              </ItemGroup>
            </Project>

            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), """
            using Authorizer.Client;
            using Authorizer.Core.Signing;

            // args: base URL, path, AppKey, AppSecret
            var credentials = SigningCredentials.ForSignatureCa(args[2], args[3]);
            using var http = new HttpClient(new SigningHandler(new SigningHandlerOptions { Credentials = credentials }, new HttpClientHandler()))
            {
                BaseAddress = new Uri(args[0]),
            };
            using var response = await http.GetAsync(args[1]);
            Console.WriteLine((int)response.StatusCode);
            Console.WriteLine(await response.Content.ReadAsStringAsync());

            """);
    }
}
