using System.Net;
using System.Text;
using System.Text.Json;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// Bodies System.Text.Json reads although their types say they cannot be (nulls in lists and required fields) and
/// branches git would read as options: each is a 400 ProblemDetails naming the field, with no agent, workspace or
/// message left behind, never a 500.
/// </summary>
public sealed class MalformedSpawnTests(AgentsFactory factory) : TestsWithOrigin(factory), IClassFixture<AgentsFactory>
{
    public static TheoryData<string, string> MalformedSpawns => new()
    {
        { """{"prompt":"x","projects":[null]}""", "projects[0]" },
        { """{"prompt":"x","inputFiles":[null]}""", "inputFiles[0]" },
        {
            """{"prompt":"x","inputFiles":[{"path":"a.md","content":null,"isContext":false}]}""",
            "inputFiles[0].content"
        },
        { """{"prompt":"x","inputFiles":[{"path":"a.md","isContext":false}]}""", "inputFiles[0].content" },
        {
            """{"prompt":"x","projects":[{"projectId":"{project}","branch":"cw/b","baseBranch":"main"}]}""",
            "projects[0].ensureBranches"
        },
        {
            """{"prompt":"x","projects":["""
            + """{"projectId":"{project}","branch":"cw/b","baseBranch":"main","ensureBranches":[null]}]}""",
            "projects[0].ensureBranches[0]"
        },
        {
            """{"prompt":"x","projects":["""
            + """{"projectId":null,"branch":"cw/b","baseBranch":"main","ensureBranches":[]}]}""",
            "projects[0].projectId"
        },
        {
            """{"prompt":"x","projects":[{"projectId":"{project}","branch":"--upload-pack=touch"""
            + """ /tmp/cw-upload-pack","baseBranch":"main","ensureBranches":[]}]}""",
            "projects[0].branch"
        },
        {
            """{"prompt":"x","projects":["""
            + """{"projectId":"{project}","branch":"cw/b","baseBranch":"-main","ensureBranches":[]}]}""",
            "projects[0].baseBranch"
        },
        {
            """{"prompt":"x","projects":["""
            + """{"projectId":"{project}","branch":"cw/b","baseBranch":"main","ensureBranches":["""
            + """{"name":"cw/c","from":"--output=/tmp/x"}]}]}""",
            "projects[0].ensureBranches[0].from"
        },
        { """{"prompt":"x","requiredOutputs":[null]}""", "requiredOutputs[0]" },
    };

    [Theory]
    [MemberData(nameof(MalformedSpawns))]
    public async Task A_malformed_spawn_is_a_400_naming_the_field_and_leaves_nothing(string body, string field)
    {
        var project = await Factory.RegisterProjectAsync(Origin.Path, "malformed");
        var before = await CountsAsync();

        var response = await Client.PostAsync(
            "/api/agents", new StringContent(body.Replace("{project}", project.Id), Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(
            response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"'errors' does not name '{field}': {errors}");
        Assert.Equal(before, await CountsAsync());
        Assert.False(File.Exists("/tmp/cw-upload-pack"));
    }

    private async Task<(int Agents, int Outbox, int Workspaces)> CountsAsync()
    {
        var agentsRoot = Path.Combine(Factory.Home, "workspace", "agents");
        var workspaces = Directory.Exists(agentsRoot) ? Directory.GetDirectories(agentsRoot).Length : 0;
        return await Factory.QueryAsync(async db =>
            (await db.Agents.CountAsync(), await db.Set<OutboxMessage>().CountAsync(), workspaces));
    }
}
