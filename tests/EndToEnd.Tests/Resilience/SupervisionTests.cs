using System.Diagnostics;
using System.Globalization;
using System.Net;
using Aspire.Hosting.ApplicationModel;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit.Abstractions;

namespace Codewalkers.EndToEnd.Tests.Resilience;

/// <summary>
/// What dies comes back: a service, the gateway or the broker that is killed is restarted by the AppHost, healthy
/// again within seconds, and what was published meanwhile still arrives, once. A resource stopped on purpose stays
/// stopped.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SupervisionTests(CodewalkersApp app, ITestOutputHelper output)
{
    private static readonly TimeSpan BackWithin = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_service_killed_with_SIGKILL_is_back_healthy_and_gets_what_was_published_while_it_was_down()
    {
        using var client = app.CreateClient();
        var (wrapper, service) = await ProcessesOfAsync("errands");

        LinuxProcesses.Signal(service, "KILL");
        var down = Stopwatch.StartNew();
        var project = await client.RegisterProjectAsync(
            Api.Unique("while-errands-died"), $"https://example.invalid/{Guid.NewGuid():N}.git");
        // Back as a user sees it: its routes answer through the gateway, at the address service discovery knows.
        await Eventually.TrueAsync(() => AnswersAsync(client, "/api/errands/projects"),
            "errands answers through the gateway again", TimeSpan.FromSeconds(60));
        var back = down.Elapsed;
        await WaitUntilRestartedAndHealthyAsync("errands", wrapper);
        output.WriteLine($"errands answered again {back.TotalSeconds:0.0} s after kill -9, "
            + $"healthy in the AppHost after {down.Elapsed.TotalSeconds:0.0} s");

        Assert.True(back < BackWithin, $"errands took {back.TotalSeconds:0.0} s to come back");
        var projected = await Eventually.GetAsync(
            client.ErrandProjectsAsync, list => list.Any(p => p.Id == project.Id), TimeSpan.FromSeconds(20));
        Assert.Single(projected, p => p.Id == project.Id);
    }

    [Fact]
    public async Task The_gateway_killed_with_SIGKILL_answers_again_on_the_same_address()
    {
        using var client = app.CreateClient();
        var (_, gateway) = await ProcessesOfAsync("gateway");

        LinuxProcesses.Signal(gateway, "KILL");
        var down = Stopwatch.StartNew();
        await Eventually.TrueAsync(async () => await HealthAsync(client) == "Healthy",
            "the gateway answers healthy again", TimeSpan.FromSeconds(30));
        output.WriteLine($"gateway healthy again {down.Elapsed.TotalSeconds:0.0} s after kill -9");

        Assert.True(down.Elapsed < BackWithin, $"the gateway took {down.Elapsed.TotalSeconds:0.0} s to come back");
        using var response = await client.GetAsync("/api/projects");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_broker_stopped_with_SIGTERM_is_back_and_events_published_meanwhile_arrive_once()
    {
        using var client = app.CreateClient();
        var (broker, _) = await ProcessesOfAsync("messaging");

        var signalled = Stopwatch.StartNew();
        LinuxProcesses.Signal(broker, "TERM");
        // RabbitMQ shuts down gracefully on SIGTERM (a second or two); "back within" counts from when it is gone.
        await app.App.ResourceNotifications.WaitForResourceAsync("messaging", e => IsStopped(e.Snapshot), Timeout(30));
        var down = Stopwatch.StartNew();
        var project = await client.RegisterProjectAsync(
            Api.Unique("while-broker-died"), $"https://example.invalid/{Guid.NewGuid():N}.git");
        // Back as the services see it: it accepts connections on its port again.
        await Eventually.TrueAsync(() => BrokerAcceptsAsync(),
            "the broker accepts connections again", TimeSpan.FromSeconds(60));
        var back = down.Elapsed;
        await WaitUntilRestartedAndHealthyAsync("messaging", broker);
        output.WriteLine($"broker accepted connections {back.TotalSeconds:0.0} s after it stopped "
            + $"({signalled.Elapsed.TotalSeconds:0.0} s after SIGTERM), "
            + $"healthy in the AppHost after {down.Elapsed.TotalSeconds:0.0} s");

        Assert.True(back < BackWithin, $"the broker took {back.TotalSeconds:0.0} s to come back");
        var projected = await Eventually.GetAsync(
            client.ErrandProjectsAsync, list => list.Any(p => p.Id == project.Id), TimeSpan.FromSeconds(30));
        Assert.Single(projected, p => p.Id == project.Id);
    }

    [Fact]
    public async Task A_service_stopped_on_purpose_stays_stopped_until_started()
    {
        await app.ExecuteCommandAsync("errands", KnownResourceCommands.StopCommand);
        try
        {
            await app.App.ResourceNotifications.WaitForResourceAsync(
                "errands", e => IsStopped(e.Snapshot), Timeout(30));
            await Task.Delay(TimeSpan.FromSeconds(3));

            Assert.True(app.App.ResourceNotifications.TryGetCurrentState("errands", out var state));
            Assert.True(IsStopped(state.Snapshot),
                $"errands was stopped on purpose, yet is {state.Snapshot.State?.Text}");
        }
        finally
        {
            await app.ExecuteCommandAsync("errands", KnownResourceCommands.StartCommand);
            await app.App.ResourceNotifications.WaitForResourceHealthyAsync("errands", Timeout(60));
        }
    }

    /// <summary>
    /// The process DCP started for a resource (for a project, the <c>dotnet run</c> that launched it) and the program
    /// doing the work (the service itself; for an executable, the same process).
    /// </summary>
    private async Task<(int Started, int Program)> ProcessesOfAsync(string resource)
    {
        var ready = await app.App.ResourceNotifications.WaitForResourceAsync(resource,
            e => e.Snapshot.State?.Text == KnownResourceStates.Running
                && e.Snapshot.HealthStatus == HealthStatus.Healthy
                && Pid(e.Snapshot) is not null,
            Timeout(60));
        var started = Pid(ready.Snapshot)!.Value;
        var program = LinuxProcesses.ChildrenOf(started).FirstOrDefault(
            child => LinuxProcesses.CommandOf(child).StartsWith("Codewalkers.", StringComparison.Ordinal));
        return (started, program == 0 ? started : program);
    }

    private async Task WaitUntilRestartedAndHealthyAsync(string resource, int previousPid) =>
        await app.App.ResourceNotifications.WaitForResourceAsync(resource,
            e => e.Snapshot.State?.Text == KnownResourceStates.Running
                && e.Snapshot.HealthStatus == HealthStatus.Healthy
                && Pid(e.Snapshot) is { } pid && pid != previousPid,
            Timeout(60));

    /// <summary>As Aspire's own start command sees it: a terminal state, or DCP's "Terminated" and "Unknown".</summary>
    private static bool IsStopped(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text is { } state
            && (KnownResourceStates.TerminalStates.Contains(state) || state is "Terminated" or "Unknown");

    private static int? Pid(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value
            ? Convert.ToInt32(value, CultureInfo.InvariantCulture)
            : null;

    private static async Task<bool> AnswersAsync(HttpClient client, string path)
    {
        using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            using var response = await client.GetAsync(path, attempt.Token);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException) { return false; }
        catch (OperationCanceledException) { return false; }
    }

    private async Task<bool> BrokerAcceptsAsync()
    {
        var config = await File.ReadAllTextAsync(Path.Combine(app.CwHome, "rabbitmq", "rabbitmq.conf"));
        var port = int.Parse(
            System.Text.RegularExpressions.Regex.Match(config, @"127\.0\.0\.1:(\d+)").Groups[1].Value,
            CultureInfo.InvariantCulture);
        try
        {
            using var tcp = new System.Net.Sockets.TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException) { return false; }
    }

    private static async Task<string?> HealthAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync("/health");
            return await response.Content.ReadAsStringAsync();
        }
        catch (HttpRequestException) { return null; }
        catch (TaskCanceledException) { return null; }
    }

    private static CancellationToken Timeout(int seconds) =>
        new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
