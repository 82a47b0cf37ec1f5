using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using Microsoft.Data.Sqlite;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// The Agents service killed (SIGKILL) while it checks an agent's done: the restarted service kills the check it left
/// behind and runs it again from the start; the agent is not lost.
/// </summary>
public sealed class VerifyRestartTests : IAsyncLifetime
{
    private readonly string _home = Directory.CreateTempSubdirectory("cw-agents-verify-restart-").FullName;
    private readonly GitRepository _origin = new();
    private FakeAnthropicApi _api = null!;
    private AgentsServiceProcess _service = null!;

    public async Task InitializeAsync()
    {
        _ = ClaudeCli.Path;
        _api = await FakeAnthropicApi.StartAsync();
        _service = new AgentsServiceProcess(_home, _api.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        await _api.DisposeAsync();
        _origin.Dispose();
        try { Directory.Delete(_home, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task A_check_cut_off_by_a_restart_is_killed_and_run_again_and_the_agent_completes()
    {
        await _service.StartAsync();
        var client = _service.CreateClient();
        var firstPid = Path.Combine(_home, "first-check.pid");
        // The first run records itself and hangs; any later run passes at once.
        var project = KnownProject(
            $"test -f '{firstPid}' && exit 0; echo $$ > '{firstPid}'; sleep 300");
        var marker = $"m-{Ids.New()}";
        _api.Script(marker, Steps.Signal(new { status = "done" }), Steps.Say("Done."));
        var response = await client.PostAsJsonAsync("/api/agents", new
        {
            mode = "execute", prompt = $"Scenario {marker}.", taskId = "task-1",
            projects = new[]
            {
                new { projectId = project, branch = "cw/restart-task", baseBranch = "main",
                    ensureBranches = Array.Empty<object>() },
            },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var agent = (await response.Content.ReadFromJsonAsync<AgentResponse>())!;
        await Eventually.ValueAsync(() => client.GetFromJsonAsync<AgentResponse>($"/api/agents/{agent.Id}")!,
            a => a!.StatusReason == AgentReasons.Verifying && File.Exists(firstPid), "the first check running",
            TimeSpan.FromSeconds(90));

        await _service.KillAsync();
        var orphan = int.Parse((await File.ReadAllTextAsync(firstPid)).Trim());
        Assert.True(IsAlive(orphan), "the check outlives the service that started it");
        await _service.StartAsync();
        client = _service.CreateClient();

        var done = await Eventually.ValueAsync(() => client.GetFromJsonAsync<AgentResponse>($"/api/agents/{agent.Id}")!,
            a => a!.Status is AgentStatuses.Stopped or AgentStatuses.Crashed, "agent finished", TimeSpan.FromSeconds(90));
        Assert.Equal((AgentStatuses.Stopped, AgentReasons.TaskComplete), (done!.Status, done.StatusReason));
        var run = Assert.Single((await client.GetFromJsonAsync<VerificationResponse[]>(
            $"/api/agents/{agent.Id}/verifications"))!);
        Assert.Equal((1, 0, true), (run.SessionNumber, run.ExitCode, run.Passed));
        await Eventually.TrueAsync(() => Task.FromResult(!IsAlive(orphan)), "the cut-off check killed");
    }

    /// <summary>
    /// The project as Planning's event would have left it: this service runs without a broker, so straight into its
    /// read model.
    /// </summary>
    private string KnownProject(string verifyCommand)
    {
        var id = Ids.New();
        using var db = new SqliteConnection($"Data Source={Path.Combine(_home, "data", "agents.db")}");
        db.Open();
        using var insert = db.CreateCommand();
        insert.CommandText = "INSERT INTO project_views (Id, Name, Url, DefaultBranch, Version, IsDeleted, "
            + "VerifyCommand, VerifyTimeoutSeconds) VALUES ($id, $name, $url, 'main', 1, 0, $command, 600)";
        insert.Parameters.AddWithValue("$id", id);
        insert.Parameters.AddWithValue("$name", $"restart-{id[..6]}");
        insert.Parameters.AddWithValue("$url", _origin.Path);
        insert.Parameters.AddWithValue("$command", verifyCommand);
        insert.ExecuteNonQuery();
        return id;
    }

    private static bool IsAlive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");
}
