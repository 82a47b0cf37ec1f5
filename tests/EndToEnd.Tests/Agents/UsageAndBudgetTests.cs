using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Agents;

/// <summary>
/// Usage and budgets through the gateway, with Planning dispatching tasks to the real Claude CLI whose fake API reports
/// chosen token counts: the initiative's usage is the exact sum of its tasks' sessions, priced by the table as worked
/// out here by hand; a budget below what the initiative spent holds the next phase's task agent, with the reason, and
/// raising the budget lets it run to completion.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class UsageAndBudgetTests(CodewalkersApp app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task An_initiatives_usage_adds_up_and_a_spent_budget_holds_its_next_task_until_raised()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var repo = GitRepository.In(app.Repositories);
        var name = Api.Unique("usage");
        var project = await client.PostJsonAsync("/api/projects", new { name, url = repo.Path, defaultBranch = "main" });
        var run = Api.Unique("run");
        var initiativeName = $"Usage {run}";
        var initiativeId = (await client.PostJsonAsync("/api/initiatives", new
        {
            name = initiativeName, executionMode = "yolo", projectIds = new[] { project.Str("id") },
        })).Str("id");
        var first = (await client.PostJsonAsync("/api/phases", new { initiativeId, name = "First" })).Str("id");
        var second = (await client.PostJsonAsync("/api/phases", new { initiativeId, name = "Second" })).Str("id");
        await client.PostJsonAsync($"/api/phases/{second}/dependencies", new { dependsOn = new[] { first } });
        var (markerA, markerB) = ($"usage-a-{run}", $"usage-b-{run}");
        var taskA = await TaskAsync(client, initiativeId, first, "Write a", markerA);
        var taskB = await TaskAsync(client, initiativeId, second, "Write b", markerB);
        var usage = new TokenUsage(Input: 30000, Output: 2000, CacheRead: 12000, CacheWrite: 4000);
        foreach (var (marker, file) in new[] { (markerA, "a.txt"), (markerB, "b.txt") })
        {
            app.Model.ReportUsage(marker, usage);
            app.Model.Script(marker,
                Steps.Write($"{name}/{file}", "written\n"),
                Steps.Bash($"cd {name} && git add {file} "
                    + $"&& git -c user.name=agent -c user.email=agent@cw commit -q -m 'Add {file}'"),
                Steps.Signal(new { status = "done", result = new { message = $"{file} added" } }),
                Steps.Say("Done."));
        }

        await client.PostJsonAsync($"/api/phases/{first}/approve");
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/execute");
        await CompletedAsync(client, taskA);

        // The model the CLI named gets the test's prices; the initiative's figures are then its task's, exactly.
        var model = Assert.Single(
            (await client.GetJsonAsync($"/api/usage?by=model&initiativeId={initiativeId}")).GetProperty("rows")
            .Items()).Str("key");
        var price = await client.PutAsJsonAsync($"/api/usage/prices/{model}",
            new { input = 3m, output = 15m, cacheRead = 0.3m, cacheWrite = 3.75m });
        Assert.Equal(HttpStatusCode.OK, price.StatusCode);
        var usedByA = Times(usage, app.Model.StepsServed(markerA));
        AssertFigures(await TotalAsync(client, initiativeId), usedByA, 1, Cost(usedByA));

        // A budget below what it spent: the second phase's task gets an agent that waits, saying why.
        var spent = Cost(usedByA);
        var limit = Math.Round(spent / 2, 4);
        await SetBudgetAsync(client, initiativeId, limit);
        await client.PostJsonAsync($"/api/phases/{second}/approve");
        var agentB = await Eventually.GetAsync(
            async () => (await client.GetJsonAsync($"/api/initiatives/{initiativeId}/assignments")).Items()
                .Where(a => a.Str("taskId") == taskB).Select(a => a.Str("agentId")).FirstOrDefault(),
            id => id is not null, Patience);
        var held = await Eventually.GetAsync(() => client.GetJsonAsync($"/api/agents/{agentB}"),
            a => a.Str("status") == "waiting_for_capacity", Patience);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture,
                $"budget: initiative {initiativeName} spent ${spent:0.00##} of ${limit:0.00##}"),
            held.Str("statusReason"));
        Assert.Equal(0, app.Model.StepsServed(markerB));

        // Raised: the agent launches by itself and the task completes; the totals are both tasks', exactly.
        await SetBudgetAsync(client, initiativeId, spent * 10);
        await CompletedAsync(client, taskB);
        var both = Add(usedByA, Times(usage, app.Model.StepsServed(markerB)));
        AssertFigures(await TotalAsync(client, initiativeId), both, 2, Cost(both));
        var byTask = (await client.GetJsonAsync($"/api/usage?by=task&initiativeId={initiativeId}"))
            .GetProperty("rows").Items();
        Assert.Equal(["Write a", "Write b"], byTask.Select(r => r.Str("name")).Order());
        var agent = await client.GetJsonAsync($"/api/agents/{agentB}");
        Assert.Equal(Cost(Times(usage, app.Model.StepsServed(markerB))),
            agent.GetProperty("usage").GetProperty("costUsd").GetDecimal());
    }

    private static async Task<string> TaskAsync(HttpClient client, string initiativeId, string phaseId, string name,
        string marker) =>
        (await client.PostJsonAsync("/api/tasks", new
        {
            initiativeId, phaseId, name, description = $"{name}.txt, committed. {marker}",
        })).Str("id");

    private static async Task CompletedAsync(HttpClient client, string taskId)
    {
        var task = await Eventually.GetAsync(() => client.GetJsonAsync($"/api/tasks/{taskId}"),
            t => t.Str("status") is "completed" or "blocked", Patience);
        Assert.True(task.Str("status") == "completed", $"The task did not complete: {task}");
    }

    private static async Task SetBudgetAsync(HttpClient client, string initiativeId, decimal limit)
    {
        var response = await client.PutAsJsonAsync($"/api/usage/budgets/initiatives/{initiativeId}",
            new { limitUsd = limit });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonElement> TotalAsync(HttpClient client, string initiativeId) =>
        (await client.GetJsonAsync($"/api/usage?initiativeId={initiativeId}")).GetProperty("total");

    private static void AssertFigures(JsonElement total, TokenUsage tokens, int sessions, decimal cost) =>
        Assert.Equal(
            (tokens.Input, tokens.Output, tokens.CacheRead, tokens.CacheWrite, sessions, cost, 0),
            (total.GetProperty("inputTokens").GetInt32(), total.GetProperty("outputTokens").GetInt32(),
                total.GetProperty("cacheReadTokens").GetInt32(), total.GetProperty("cacheWriteTokens").GetInt32(),
                total.GetProperty("sessions").GetInt32(), total.GetProperty("costUsd").GetDecimal(),
                total.GetProperty("unknownSessions").GetInt32()));

    private static TokenUsage Times(TokenUsage usage, int requests) => new(usage.Input * requests,
        usage.Output * requests, usage.CacheRead * requests, usage.CacheWrite * requests);

    private static TokenUsage Add(TokenUsage x, TokenUsage y) =>
        new(x.Input + y.Input, x.Output + y.Output, x.CacheRead + y.CacheRead, x.CacheWrite + y.CacheWrite);

    /// <summary>The price table applied by hand: USD per million tokens of each kind.</summary>
    private static decimal Cost(TokenUsage u) =>
        (u.Input * 3m + u.Output * 15m + u.CacheRead * 0.3m + u.CacheWrite * 3.75m) / 1_000_000m;
}
