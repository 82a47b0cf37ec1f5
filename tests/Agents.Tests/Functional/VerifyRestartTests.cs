using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// The Agents service killed (SIGKILL) while it checks an agent's done: the restarted service kills the check it left
/// behind and runs it again from the start; the agent is not lost.
/// </summary>
public sealed class VerifyRestartTests : IAsyncLifetime
{
    private readonly ServiceWithItsModel _agents = new("cw-agents-verify-restart-");
    private readonly GitRepository _origin = new();

    public Task InitializeAsync() => _agents.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _agents.DisposeAsync();
        _origin.Dispose();
    }

    [Fact]
    public async Task A_check_cut_off_by_a_restart_is_killed_and_run_again_and_the_agent_completes()
    {
        await _agents.Service.StartAsync();
        var client = _agents.Service.CreateClient();
        var firstPid = Path.Combine(_agents.Home, "first-check.pid");
        // The first run records itself and hangs; any later run passes at once.
        var project = KnownProject(
            $"test -f '{firstPid}' && exit 0; echo $$ > '{firstPid}'; sleep 300");
        var marker = $"m-{Ids.New()}";
        _agents.Model.Script(marker, Steps.Signal(new { status = "done" }), Steps.Say("Done."));
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

        await _agents.Service.KillAsync();
        var orphan = int.Parse((await File.ReadAllTextAsync(firstPid)).Trim());
        Assert.True(IsAlive(orphan), "the check outlives the service that started it");
        await _agents.Service.StartAsync();
        client = _agents.Service.CreateClient();

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
        using var db = _agents.Service.OpenDatabase();
        using var insert = db.CreateCommand();
        // Quoted names and FALSE: the same statement on SQLite and on PostgreSQL (whose names are case-sensitive).
        insert.CommandText = "INSERT INTO project_views (\"Id\", \"Name\", \"Url\", \"DefaultBranch\", \"Version\", "
            + "\"IsDeleted\", \"VerifyCommand\", \"VerifyTimeoutSeconds\") "
            + "VALUES (@id, @name, @url, 'main', 1, FALSE, @command, 600)";
        Add(insert, "id", id);
        Add(insert, "name", $"restart-{id[..6]}");
        Add(insert, "url", _origin.Path);
        Add(insert, "command", verifyCommand);
        insert.ExecuteNonQuery();
        return id;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static bool IsAlive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");
}
