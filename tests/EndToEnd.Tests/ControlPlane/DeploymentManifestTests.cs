using System.Diagnostics;
using System.Text.Json.Nodes;
using Codewalkers.EndToEnd.Tests.Infrastructure;

namespace Codewalkers.EndToEnd.Tests.ControlPlane;

/// <summary>
/// The deployment manifest, written by the AppHost under Aspire's manifest publisher as docs/deploy.md says: it
/// describes the services on a RabbitMQ cluster and PostgreSQL given where it is deployed, starts and writes nothing
/// here, and carries no secret of this machine.
/// </summary>
public sealed class DeploymentManifestTests : IDisposable
{
    private static readonly string[] Services = ["planning", "agents", "collaboration", "errands"];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"cw-manifest-{Guid.NewGuid():N}");

    [Fact]
    public async Task The_manifest_names_the_broker_and_databases_as_secret_inputs_and_starts_nothing_here()
    {
        var cwHome = Path.Combine(_directory, "home");
        var manifestPath = Path.Combine(_directory, "manifest.json");
        var start = new ProcessStartInfo(RunningAppHost.AppHostProgram())
        {
            WorkingDirectory = RunningAppHost.AppHostDirectory(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["--publisher", "manifest", "--output-path", manifestPath])
            start.ArgumentList.Add(argument);
        start.Environment["CW_HOME"] = cwHome;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
            await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await output}{await errors}");

        Assert.False(Directory.Exists(cwHome), "publishing wrote into this machine's CW_HOME");
        var text = await File.ReadAllTextAsync(manifestPath);
        Assert.DoesNotContain("amqp://", text, StringComparison.Ordinal);
        Assert.DoesNotContain("executable.v0", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", text, StringComparison.OrdinalIgnoreCase);

        var resources = JsonNode.Parse(text)!["resources"]!;
        AssertSecretInput(resources["messaging"]);
        foreach (var service in Services)
        {
            AssertSecretInput(resources[$"{service}-db"]);
            var env = resources[service]!["env"]!;
            Assert.Equal("project.v0", (string?)resources[service]!["type"]);
            Assert.Equal("postgres", (string?)env["Database__Provider"]);
            Assert.Equal($"{{{service}-db.connectionString}}", (string?)env[$"ConnectionStrings__{service}"]);
            Assert.Equal("{messaging.connectionString}", (string?)env["ConnectionStrings__messaging"]);
            Assert.Equal("true", (string?)env["Messaging__QuorumQueues"]);
            Assert.Equal("/var/lib/codewalkers", (string?)env["CW_HOME"]);
        }
        foreach (var project in (string[])[.. Services, "web", "gateway"])
            Assert.Equal("{allowed-hosts.value}", (string?)resources[project]!["env"]!["Security__AllowedHosts"]);
    }

    private static void AssertSecretInput(JsonNode? resource)
    {
        Assert.NotNull(resource);
        Assert.Equal("parameter.v0", (string?)resource["type"]);
        Assert.True((bool?)resource["inputs"]!["value"]!["secret"]);
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }
}
