using System.Text.Json;
using Codewalkers.Planning.Assignments;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.Planning.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Codewalkers.Planning.Tests.Architects;

public sealed class AssignmentBuilderTests(PlanningFactory factory) : IClassFixture<PlanningFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    private async Task<T> WithBuilderAsync<T>(Func<AssignmentBuilder, PlanningDbContext, Task<T>> use)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await use(
            scope.ServiceProvider.GetRequiredService<AssignmentBuilder>(),
            scope.ServiceProvider.GetRequiredService<PlanningDbContext>());
    }

    private Task CompleteAsync(string taskId, string summary) => factory.QueryAsync(async db =>
    {
        var task = await db.Tasks.SingleAsync(t => t.Id == taskId);
        task.Start(DateTimeOffset.UtcNow);
        task.Complete(summary, DateTimeOffset.UtcNow);
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task A_task_assignment_names_the_task_and_carries_its_dependencies_summaries()
    {
        var initiative = await _client.CreateInitiativeAsync("Shop: orders & \"carts\"");
        var page = await _client.CreatePageAsync(initiative.Id, "Design notes");
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Storage");
        var schema = await _client.CreateTaskAsync(phase.Id, "Create the schema");
        var other = await _client.CreateTaskAsync(phase.Id, "Unrelated task");
        var repository = await _client.CreateTaskAsync(phase.Id, "Write the repository", dependsOn: [schema.Id]);
        await CompleteAsync(schema.Id, "Added table orders(id, total) in db/schema.sql.");

        var assignment = await WithBuilderAsync(async (builder, db) =>
            await builder.ForTaskAsync(
                await db.Tasks.SingleAsync(t => t.Id == repository.Id), plan: null, CancellationToken.None));

        Assert.Contains("\"Write the repository\"", assignment.Prompt);
        Assert.Contains(repository.Id, assignment.Prompt);
        Assert.Contains("Added table orders(id, total) in db/schema.sql.", assignment.Prompt);
        Assert.Contains(".cw/output/signal.json", assignment.Prompt);
        Assert.Contains("Commit", assignment.Prompt);
        Assert.Contains("<completion>", assignment.Prompt);
        // The cw commands its scoped token allows: a subtask under its own task, and reading the plan.
        Assert.Contains("`cw task add \"<name>\" --description", assignment.Prompt);
        Assert.Contains($"task (id {repository.Id}) for separable work", assignment.Prompt);
        Assert.Contains("`cw page get <id>`", assignment.Prompt);
        // Agents of other tasks can be asked, and questions to this one are looked for between steps.
        Assert.Contains("`cw ask \"<question>\" --task <task-id>`", assignment.Prompt);
        Assert.Contains("`cw listen --timeout 0`: between steps", assignment.Prompt);
        Assert.Contains("`cw answer <conversation-id> \"<answer>\"`", assignment.Prompt);
        var files = assignment.InputFiles.ToDictionary(f => f.Path);
        Assert.Equal(
            ["initiative.md", "phase.md", "task.md"],
            assignment.InputFiles.Where(f => !f.IsContext).Select(f => f.Path));
        Assert.True(
            files["initiative.md"].Content.Contains("name: \"Shop: orders & \\\"carts\\\"\""),
            files["initiative.md"].Content);
        Assert.Contains($"id: \"{repository.Id}\"", files["task.md"].Content);
        Assert.Contains($"dependsOn: [\"{schema.Id}\"]", files["task.md"].Content);
        Assert.Contains("Added table orders(id, total)", files["task.md"].Content);
        Assert.True(files[$"pages/{page.Id}.md"].IsContext);
        Assert.Contains(
            "summary: \"Added table orders(id, total) in db/schema.sql.\"",
            files[$"context/tasks/{schema.Id}.md"].Content);
        Assert.True(files.ContainsKey($"context/tasks/{other.Id}.md"));
        Assert.False(files.ContainsKey($"context/tasks/{repository.Id}.md"));
        var index = JsonDocument.Parse(files["context/index.json"].Content).RootElement;
        var listed = index.GetProperty("tasksByPhase").GetProperty(phase.Id)
            .EnumerateArray()
            .Select(t => t.GetProperty("file").GetString())
            .ToList();
        Assert.Contains("task.md", listed);
        Assert.Contains($"context/tasks/{schema.Id}.md", listed);
    }

    [Fact]
    public async Task A_merge_task_prompt_says_to_merge_the_branch_its_description_names()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var phase = await _client.CreatePhaseAsync(initiative.Id);
        var merge = await _client.PostOkAsync<Codewalkers.Planning.Apis.TaskResponse>("/api/tasks",
            new
            {
                phaseId = phase.Id, name = "Resolve conflict", category = "merge",
                description = "Merge cw/x-task-abc into this branch."
            },
            System.Net.HttpStatusCode.Created);

        var assignment = await WithBuilderAsync(async (builder, db) =>
            await builder.ForTaskAsync(
                await db.Tasks.SingleAsync(t => t.Id == merge.Id), plan: null, CancellationToken.None));

        Assert.Contains("git merge", assignment.Prompt);
        Assert.Contains("Merge cw/x-task-abc into this branch.", assignment.Prompt);
        Assert.DoesNotContain("<dependencies>", assignment.Prompt);
    }

    [Theory]
    [InlineData("discuss", "decisions/")]
    [InlineData("plan", "phases/")]
    [InlineData("refine", "pages/")]
    [InlineData("detail", "tasks/")]
    public async Task An_architect_prompt_names_its_subject_and_its_output_files(string mode, string outputs)
    {
        var initiative = await _client.CreateInitiativeAsync("Billing");
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Invoices");

        var assignment = await WithBuilderAsync(async (builder, db) =>
        {
            var i = await db.Initiatives.SingleAsync(x => x.Id == initiative.Id);
            var p = mode == "detail" ? await db.Phases.SingleAsync(x => x.Id == phase.Id) : null;
            return await builder.ForArchitectAsync(mode, i, p, "Keep it small.", CancellationToken.None);
        });

        Assert.Contains($"\"Billing\" (id {initiative.Id})", assignment.Prompt);
        Assert.Contains($".cw/output/{outputs}", assignment.Prompt);
        Assert.Contains("Keep it small.", assignment.Prompt);
        Assert.Contains("signal.json", assignment.Prompt);
        Assert.Contains("`cw initiative get <id>`", assignment.Prompt);
        Assert.DoesNotContain("cw task add", assignment.Prompt); // an architect executes no task to add one under
        // The example in the prompt is what agents copy: it must be front matter the output parser reads.
        var example = assignment.Prompt[assignment.Prompt.IndexOf("---\n", StringComparison.Ordinal)..];
        var fields = Codewalkers.Planning.Architects.FrontMatterReader.Parse(example).Fields;
        Assert.True(fields.ContainsKey("title") || fields.ContainsKey("topic"), string.Join(", ", fields.Keys));
        Assert.Contains(
            $"pages/{initiative.RootPageId}.md", assignment.InputFiles.Where(f => !f.IsContext).Select(f => f.Path));
        if (mode == "detail")
        {
            Assert.Contains($"\"Invoices\" (id {phase.Id})", assignment.Prompt);
            Assert.Contains("phase.md", assignment.InputFiles.Where(f => !f.IsContext).Select(f => f.Path));
        }
        else
        {
            Assert.Contains(
                $"context/phases/{phase.Id}.md", assignment.InputFiles.Where(f => f.IsContext).Select(f => f.Path));
        }
    }
}
