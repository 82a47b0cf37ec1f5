using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.ServiceDefaults;
using Codewalkers.ServiceDefaults.Security;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Security;

/// <summary>
/// An agent's token through the gateway, for a real agent executing a real task (waiting on a question meanwhile):
/// it reads the plan and adds tasks under its own task, and is refused everything the user decides.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class AgentTokenTests(CodewalkersApp app)
{
    private HttpClient AgentClient(string token)
    {
        var client = app.CreateClient(authenticated: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task An_agent_token_adds_tasks_under_its_own_task_and_may_not_approve_merge_delete_or_act_as_another()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var repo = GitRepository.In(app.Repositories);
        var project = await client.RegisterProjectAsync(Api.Unique("scoped"), repo.Path);
        var run = Api.Unique("run");
        var initiativeId = (await client.PostJsonAsync("/api/initiatives", new
        {
            name = $"Scoped {run}", executionMode = "review_per_phase", projectIds = new[] { project.Id }
        })).Str("id");
        var phaseId = (await client.PostJsonAsync("/api/phases", new { initiativeId, name = "Work" })).Str("id");
        var marker = $"exec-scoped-{run}";
        var taskId = (await client.PostJsonAsync("/api/tasks", new
        {
            initiativeId, phaseId, name = "Do the work", description = $"Do it. {marker}"
        })).Str("id");
        // The agent waits on a question while the test uses its token, then ends cleanly once answered.
        app.Model.Script(marker,
            Steps.Signal(new { status = "questions", questions = new[] { new { id = "q1", question = "Ready?" } } }),
            Steps.Say("Waiting."),
            Steps.Signal(new { status = "done", result = new { message = "Nothing to do." } }),
            Steps.Say("Done."));
        await client.PostJsonAsync($"/api/phases/{phaseId}/approve");
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/execute");
        var agentId = (await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync("/api/agents/waiting")).Items()
                .FirstOrDefault(a => a.GetProperty("taskId").GetString() == taskId),
            a => a.ValueKind == JsonValueKind.Object, "the task's agent waiting", TimeSpan.FromMinutes(3))).Str("id");
        // Minted as the Agents service mints it for the agent's CW_TOKEN.
        var token = new AgentTokens(app.Token).Mint(agentId);
        using var agent = AgentClient(token);

        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/api/tasks?initiativeId={initiativeId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/api/agents/{agentId}")).StatusCode);
        var created = await agent.PostJsonAsync("/api/tasks", new { name = "Found along the way" });
        Assert.Equal((taskId, phaseId), (created.Str("parentTaskId"), created.Str("phaseId")));

        var anotherAgent = Ids.New(); // refused for being another agent's, before any lookup (403, not 404)
        foreach (var (method, path) in new[]
        {
            ("POST", $"/api/initiatives/{initiativeId}/approve"),
            ("POST", $"/api/phases/{phaseId}/review/approve"),
            ("POST", $"/api/phases/{phaseId}/approve"),
            ("DELETE", $"/api/tasks/{taskId}"),
            ("PATCH", $"/api/tasks/{taskId}"),
            ("POST", $"/api/tasks/{taskId}/complete"),
            ("GET", $"/api/agents/{anotherAgent}"),
            ("GET", "/api/agents"),
            ("POST", $"/api/agents/{agentId}/answers"),
            ("GET", "/api/accounts"),
        })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = method == "GET" ? null : JsonContent.Create(new { }),
            };
            using var response = await agent.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(
                response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains($"An agent token may not {method} {path}", body);
            Assert.DoesNotContain(token, body);
        }
        var otherTask = (await client.PostJsonAsync("/api/tasks", new { initiativeId, phaseId, name = "Not yours" }))
            .Str("id");
        using (var foreign = await agent.PostAsJsonAsync("/api/tasks", new { name = "X", parentTaskId = otherTask }))
            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);

        // A token whose mac is not the API token's: no agent at all.
        var mac = token[^43..];
        foreach (var tampered in new[]
        {
            token[..^43] + (mac[0] == 'A' ? 'B' : 'A') + mac[1..],
            $"cwa.{anotherAgent}.{mac}",
        })
        {
            using var forged = AgentClient(tampered);
            Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/tasks")).StatusCode);
        }

        await client.PostJsonAsync($"/api/agents/{agentId}/answers",
            new { answers = new Dictionary<string, string> { ["q1"] = "yes" } });
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_apphost_writes_an_executable_cw_launcher_for_the_agents_path()
    {
        var launcher = Path.Combine(app.CwHome, "bin", "cw");

        var script = await File.ReadAllTextAsync(launcher);

        Assert.StartsWith("#!/bin/sh\n", script);
        Assert.Matches("""exec '[^']*dotnet' '[^']*/cli/bin/Release/net10\.0/cw\.dll' "\$@"\n""", script);
        Assert.True(File.GetUnixFileMode(launcher).HasFlag(UnixFileMode.UserExecute));
    }
}
