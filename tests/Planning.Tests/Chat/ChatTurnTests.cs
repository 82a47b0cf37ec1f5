using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Chat;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Tests.Infrastructure;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Tests.Chat;

/// <summary>
/// Chat turns as Collaboration starts them and the Agents service runs them: the agent's spawn with the target's
/// context, its edits applied as one revertable change set, refusals and failures answered with ChatTurnFailed.
/// </summary>
public sealed class ChatTurnTests(PlanningFactory factory) : IClassFixture<PlanningFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();
    private ITestHarness Harness => factory.Harness;

    private static string NewAgentId() => $"agent{Guid.NewGuid():N}"[..21];

    private static string TaskFile(string title, string? dependencies = null, string body = "Do it.") =>
        $"---\ntitle: \"{title}\"\n{(dependencies is null ? "" : $"dependencies: [{dependencies}]\n")}---\n{body}";

    /// <summary>What the user sees of a phase: its tasks with their content, order and dependencies.</summary>
    private Task<List<string>> PhaseStateAsync(string phaseId) =>
        factory.QueryAsync(async db => (await db.Tasks.AsNoTracking().Include(t => t.Dependencies)
                .Where(t => t.PhaseId == phaseId).ToListAsync())
            .OrderBy(t => t.Id, StringComparer.Ordinal)
            .Select(t => $"{t.Id}|{t.Name}|{t.Description}|{t.Category}|{t.Priority}|{t.Status}|{t.Order}|" +
                string.Join(",", t.DependsOn.Order(StringComparer.Ordinal)))
            .ToList());

    [Fact]
    public async Task A_first_turn_spawns_a_chat_agent_with_the_targets_context_and_the_history()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Storage");
        var schema = await _client.CreateTaskAsync(phase.Id, "Create the schema");
        var repo = await _client.CreateTaskAsync(phase.Id, "Write the repository", [schema.Id]);
        var turn = ChatRuns.Turn(ChatTargets.Phase, phase.Id, "Split the repository task in two.",
            history: [new("user", "What does this phase cover?"), new("assistant", "Orders storage.")]);

        await Harness.SendAsync(turn);
        var spawn = await factory.SpawnOfAsync(turn);

        Assert.Equal((AgentModes.Chat, phase.Id, initiative.Id, null),
            (spawn.Mode, spawn.PhaseId, spawn.InitiativeId, spawn.TaskId));
        Assert.Contains("Split the repository task in two.", spawn.Prompt);
        Assert.Contains("What does this phase cover?", spawn.Prompt);
        Assert.Contains("Orders storage.", spawn.Prompt);
        Assert.Contains($"phase \"Storage\" (id {phase.Id})", spawn.Prompt);
        Assert.Contains("result", spawn.Prompt);
        var files = spawn.InputFiles.Select(f => f.Path).ToList();
        Assert.Contains("initiative.md", files);
        Assert.Contains("phase.md", files);
        Assert.Contains($"context/tasks/{repo.Id}.md", files);
        Assert.Contains(schema.Id, spawn.InputFiles.Single(f => f.Path == $"context/tasks/{repo.Id}.md").Content);
        Assert.Equal(0, Harness.PublishedCount<ChatTurnStarted>(s => s.TurnId == turn.TurnId));

        var agentId = NewAgentId();
        await Harness.SpawnedAsync(spawn, agentId);
        var started = await Harness.PublishedAsync<ChatTurnStarted>(s => s.TurnId == turn.TurnId, "turn started");
        Assert.Equal((turn.SessionId, agentId, $"name-{agentId}"), (started.SessionId, started.AgentId,
            started.AgentName));
    }

    [Fact]
    public async Task A_task_chat_names_the_task_and_its_dependencies_and_its_new_tasks_join_the_tasks_phase()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Storage");
        var schema = await _client.CreateTaskAsync(phase.Id, "Create the schema");
        var repo = await _client.CreateTaskAsync(phase.Id, "Write the repository", [schema.Id]);
        var turn = ChatRuns.Turn(ChatTargets.Task, repo.Id, "Make it smaller.");

        await Harness.SendAsync(turn);
        var spawn = await factory.SpawnOfAsync(turn);

        Assert.Equal((repo.Id, phase.Id), (spawn.TaskId, spawn.PhaseId));
        Assert.Contains($"task \"Write the repository\" (id {repo.Id})", spawn.Prompt);
        var task = spawn.InputFiles.Single(f => f.Path == "task.md").Content;
        Assert.Contains("Create the schema", task);

        await Harness.CompletedAsync(spawn, NewAgentId(), SignalOutcomes.Done, "Split off the mapping.",
            ("tasks/mapping.md", TaskFile("Map the rows", repo.Id)));
        await Harness.PublishedAsync<ChatTurnCompleted>(c => c.TurnId == turn.TurnId, "completed");
        var mapping = await factory.QueryAsync(db => db.Tasks.Include(t => t.Dependencies)
            .SingleAsync(t => t.Name == "Map the rows" && t.InitiativeId == initiative.Id));
        Assert.Equal(phase.Id, mapping.PhaseId);
        Assert.Equal([repo.Id], mapping.DependsOn);
    }

    [Fact]
    public async Task A_phase_chat_that_adds_two_dependent_tasks_and_edits_a_third_is_one_change_set_its_revert_undoes()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Storage");
        var schema = await _client.CreateTaskAsync(phase.Id, "Create the schema");
        var repo = await _client.CreateTaskAsync(phase.Id, "Write the repository", [schema.Id]);
        var docs = await _client.CreateTaskAsync(phase.Id, "Document it");
        var before = await PhaseStateAsync(phase.Id);
        var turn = ChatRuns.Turn(ChatTargets.Phase, phase.Id, "Add migrations and seed data; sharpen the docs task.");
        await Harness.SendAsync(turn);
        var spawn = await factory.SpawnOfAsync(turn);
        var agentId = NewAgentId();
        await Harness.SpawnedAsync(spawn, agentId);

        await Harness.CompletedAsync(spawn, agentId, SignalOutcomes.Done, "Added two tasks, sharpened the docs.",
            ("tasks/migrations.md", TaskFile("Write the migrations", schema.Id)),
            ("tasks/seed.md", TaskFile("Seed the data", "migrations")),
            ($"tasks/{docs.Id}.md", TaskFile("Document the storage API", body: "Every public method.")));

        var completed = await Harness.PublishedAsync<ChatTurnCompleted>(c => c.TurnId == turn.TurnId, "completed");
        Assert.Equal(("Added two tasks, sharpened the docs.", agentId, turn.SessionId),
            (completed.Reply, completed.AgentId, completed.SessionId));
        Assert.NotNull(completed.ChangeSetId);
        var changes = completed.Changes.Select(c => $"{c.Action} {c.EntityType} {c.Title}").ToList();
        Assert.Contains("create task Write the migrations", changes);
        Assert.Contains("create task Seed the data", changes);
        Assert.Contains("update task Document the storage API", changes);
        Assert.Contains("create dependency Write the migrations -> Create the schema", changes);
        Assert.Contains("create dependency Seed the data -> Write the migrations", changes);
        var changeSets = await factory.QueryAsync(db => db.ChangeSets.AsNoTracking()
            .Where(c => c.InitiativeId == initiative.Id).ToListAsync());
        Assert.Equal([(completed.ChangeSetId, "chat")], changeSets.Select(c => (c.Id, c.Source)));

        var after = await PhaseStateAsync(phase.Id);
        Assert.Equal(5, after.Count);
        Assert.Contains(after, t => t.StartsWith($"{docs.Id}|Document the storage API|Every public method.",
            StringComparison.Ordinal));
        Assert.Contains(after, t => t.StartsWith($"{repo.Id}|", StringComparison.Ordinal) && t.EndsWith(schema.Id,
            StringComparison.Ordinal));

        await _client.PostOkAsync<ChangeSetResponse>($"/api/change-sets/{completed.ChangeSetId}/revert", null);

        Assert.Equal(before, await PhaseStateAsync(phase.Id));
        // A reverted turn's edits are not offered for review afterwards.
        Assert.False(await factory.QueryAsync(db => db.Proposals.AnyAsync(p => p.InitiativeId == initiative.Id
            && p.Status == ProposalStatus.Pending)));
    }

    [Fact]
    public async Task Bad_outputs_fail_the_turn_with_one_line_per_problem_and_change_nothing()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Storage");
        var existing = await _client.CreateTaskAsync(phase.Id, "Create the schema");
        var before = await PhaseStateAsync(phase.Id);
        var turn = ChatRuns.Turn(ChatTargets.Phase, phase.Id, "Rework it.");
        await Harness.SendAsync(turn);
        var spawn = await factory.SpawnOfAsync(turn);
        var agentId = NewAgentId();

        await Harness.CompletedAsync(spawn, agentId, SignalOutcomes.Done, "Done.",
            ("tasks/good.md", TaskFile("A good task", existing.Id)),
            ("tasks/orphan.md", TaskFile("Depends on nothing real", "no-such-task")),
            ("tasks/a.md", TaskFile("Cycle A", "b")),
            ("tasks/b.md", TaskFile("Cycle B", "a")),
            ("phases/gone.md", "---\ntitle: Gone\naction: delete\n---\n"));

        var failed = await Harness.PublishedAsync<ChatTurnFailed>(f => f.TurnId == turn.TurnId, "turn failed");
        Assert.Equal(3, failed.Problems.Count);
        Assert.Contains(failed.Problems, p => p.StartsWith("tasks/orphan.md: ", StringComparison.Ordinal)
            && p.Contains("no-such-task", StringComparison.Ordinal));
        Assert.Contains(failed.Problems, p => p.Contains("cycle", StringComparison.Ordinal));
        Assert.Contains(failed.Problems, p => p.StartsWith("phases/gone.md: ", StringComparison.Ordinal));
        Assert.Equal(agentId, failed.AgentId);
        Assert.Equal(before, await PhaseStateAsync(phase.Id));
        Assert.False(await factory.QueryAsync(db => db.ChangeSets.AnyAsync(c => c.InitiativeId == initiative.Id)));
        Assert.False(await factory.QueryAsync(db => db.Proposals.AnyAsync(p => p.InitiativeId == initiative.Id)));
        Assert.Equal(0, Harness.PublishedCount<ChatTurnCompleted>(c => c.TurnId == turn.TurnId));
    }

    [Fact]
    public async Task A_completed_phase_an_unknown_target_or_an_empty_message_fails_the_turn_and_spawns_nothing()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Done already");
        await factory.QueryAsync(async db =>
        {
            var tracked = await db.Phases.SingleAsync(p => p.Id == phase.Id);
            tracked.Approve(DateTimeOffset.UtcNow);
            tracked.Start(DateTimeOffset.UtcNow);
            tracked.Complete(DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });
        var open = await _client.CreatePhaseAsync(initiative.Id, "Open");
        var turns = new[]
        {
            ChatRuns.Turn(ChatTargets.Phase, phase.Id, "Add a task."),
            ChatRuns.Turn(ChatTargets.Phase, "no-such-phase", "Add a task."),
            ChatRuns.Turn(ChatTargets.Task, "no-such-task", "Add a task."),
            ChatRuns.Turn("initiative", initiative.Id, "Add a task."),
            ChatRuns.Turn(ChatTargets.Phase, open.Id, "   "),
        };

        foreach (var turn in turns) await Harness.SendAsync(turn);

        var reasons = new List<string>();
        foreach (var turn in turns)
            reasons.Add((await Harness.PublishedAsync<ChatTurnFailed>(f => f.TurnId == turn.TurnId, "refused"))
                .Problems.Single());
        Assert.Equal(
            [
                "Phase 'Done already' is completed: there is nothing left to change.",
                "Phase 'no-such-phase' does not exist.",
                "Task 'no-such-task' does not exist.",
                "Unknown target type 'initiative': one of phase, task.",
                "The message is empty.",
            ],
            reasons);
        Assert.False(Harness.Sent.Select<SpawnAgent>(m => m.Context.Message.InitiativeId == initiative.Id).Any());
    }

    [Fact]
    public async Task A_redelivered_turn_or_a_second_done_of_it_acts_once()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Storage");
        var turn = ChatRuns.Turn(ChatTargets.Phase, phase.Id, "Add a task.");

        await Harness.SendAsync(turn);
        await Harness.SendAsync(turn);
        var spawn = await factory.SpawnOfAsync(turn);
        var agentId = NewAgentId();
        var output = ("tasks/one.md", TaskFile("The one task"));
        await Harness.CompletedAsync(spawn, agentId, SignalOutcomes.Done, "Added it.", output);
        await Harness.PublishedAsync<ChatTurnCompleted>(c => c.TurnId == turn.TurnId, "completed");
        var again = Guid.NewGuid();
        await Harness.CompletedAsync(again, spawn, agentId, SignalOutcomes.Done, "Added it.", output);
        await Eventually.TrueAsync(
            () => Task.FromResult(Harness.Consumed.Select<AgentCompleted>(m => m.Context.MessageId == again).Any()),
            "second done consumed");

        Assert.Single(Harness.Sent.Select<SpawnAgent>(m => m.Context.Message.PhaseId == phase.Id));
        Assert.Equal(1, Harness.PublishedCount<ChatTurnCompleted>(c => c.TurnId == turn.TurnId));
        Assert.Equal(1, await factory.QueryAsync(db => db.Tasks.CountAsync(t => t.PhaseId == phase.Id)));
        Assert.Equal(1, await factory.QueryAsync(db => db.ChangeSets.CountAsync(c => c.InitiativeId == initiative.Id)));
    }

    [Fact]
    public async Task A_second_turn_resumes_the_same_agent_and_applies_only_what_it_wrote_this_time()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Storage");
        var doomed = await _client.CreateTaskAsync(phase.Id, "Remove me later");
        var first = ChatRuns.Turn(ChatTargets.Phase, phase.Id, "Add a task.");
        await Harness.SendAsync(first);
        var spawn = await factory.SpawnOfAsync(first);
        var agentId = NewAgentId();
        await Harness.SpawnedAsync(spawn, agentId);
        var added = ("tasks/added.md", TaskFile("Added in turn one"));
        await Harness.CompletedAsync(spawn, agentId, SignalOutcomes.Done, "Added.", added);
        await Harness.PublishedAsync<ChatTurnCompleted>(c => c.TurnId == first.TurnId, "first turn completed");

        var second = ChatRuns.Turn(ChatTargets.Phase, phase.Id, "Now delete the old task.", agentId,
            sessionId: first.SessionId);
        await Harness.SendAsync(second);

        var resume = await Eventually.ValueAsync(
            () => Task.FromResult(Harness.Sent.Select<ResumeAgent>(m => m.Context.Message.RequestId == second.TurnId)
                .Select(m => m.Context.Message).FirstOrDefault()),
            r => r is not null, "ResumeAgent sent");
        Assert.Equal((agentId, ResumeReasons.Message), (resume!.AgentId, resume.Reason));
        Assert.Contains("Now delete the old task.", resume.Message);
        Assert.Single(Harness.Sent.Select<SpawnAgent>(m => m.Context.Message.PhaseId == phase.Id));
        var started = await Harness.PublishedAsync<ChatTurnStarted>(s => s.TurnId == second.TurnId, "resumed");
        Assert.Equal(agentId, started.AgentId);

        // The first turn's file is still in the agent's output folder, unchanged: it is not applied twice.
        await Harness.CompletedAsync(spawn, agentId, SignalOutcomes.Done, "Deleted it.", added,
            ($"tasks/{doomed.Id}.md", "---\ntitle: Remove me later\naction: delete\n---\n"));
        var completed = await Harness.PublishedAsync<ChatTurnCompleted>(c => c.TurnId == second.TurnId, "second");
        Assert.Equal(["delete task Remove me later"],
            completed.Changes.Select(c => $"{c.Action} {c.EntityType} {c.Title}"));
        var names = await factory.QueryAsync(db => db.Tasks.Where(t => t.PhaseId == phase.Id).Select(t => t.Name)
            .ToListAsync());
        Assert.Equal(["Added in turn one"], names);
    }

    [Fact]
    public async Task A_turn_with_no_files_is_answered_without_a_change_set_and_questions_end_it_without_an_answer()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Storage");
        var turn = ChatRuns.Turn(ChatTargets.Phase, phase.Id, "What is missing?");
        await Harness.SendAsync(turn);
        var spawn = await factory.SpawnOfAsync(turn);
        var agentId = NewAgentId();
        await Harness.SpawnedAsync(spawn, agentId);

        await Harness.CompletedAsync(spawn, agentId, SignalOutcomes.Questions, null);
        await Eventually.TrueAsync(() => factory.QueryAsync(db => db.ChatTurns.AnyAsync(t => t.Id == turn.TurnId
            && t.Status == ChatTurnStatus.Asked)), "turn ended by questions");
        var answer = ChatRuns.Turn(ChatTargets.Phase, phase.Id, "Postgres.", agentId, sessionId: turn.SessionId);
        await Harness.SendAsync(answer);
        await Harness.CompletedAsync(spawn, agentId, SignalOutcomes.Done, "Nothing is missing for Postgres.");

        var completed = await Harness.PublishedAsync<ChatTurnCompleted>(c => c.TurnId == answer.TurnId, "answered");
        Assert.Equal(("Nothing is missing for Postgres.", null), (completed.Reply, completed.ChangeSetId));
        Assert.Empty(completed.Changes);
        Assert.Equal(0, Harness.PublishedCount<ChatTurnCompleted>(c => c.TurnId == turn.TurnId));
        Assert.Equal(0, Harness.PublishedCount<ChatTurnFailed>(c => c.TurnId == turn.TurnId));
    }

    [Fact]
    public async Task A_spawn_failure_a_crash_an_error_signal_a_deletion_or_a_refused_resume_fails_the_turn()
    {
        var initiative = await _client.CreateInitiativeAsync();
        async Task<(StartChatTurn Turn, SpawnAgent Spawn, string AgentId)> StartAsync(string name)
        {
            var phase = await _client.CreatePhaseAsync(initiative.Id, name);
            var turn = ChatRuns.Turn(ChatTargets.Phase, phase.Id, "Hello.");
            await Harness.SendAsync(turn);
            var spawn = await factory.SpawnOfAsync(turn);
            return (turn, spawn, NewAgentId());
        }
        async Task<string> FailureAsync(StartChatTurn turn) => string.Join("\n",
            (await Harness.PublishedAsync<ChatTurnFailed>(f => f.TurnId == turn.TurnId, "turn failed")).Problems);

        var refused = await StartAsync("Refused");
        await Harness.Bus.Publish(new AgentSpawnFailed(refused.Spawn.RequestId, AgentModes.Chat,
            ChatRuns.Context(refused.Spawn), "unknown provider 'nope'", DateTimeOffset.UtcNow));
        Assert.Contains("unknown provider 'nope'", await FailureAsync(refused.Turn));

        var crashed = await StartAsync("Crashed");
        await Harness.Bus.Publish(new AgentStatusChanged(crashed.AgentId, "calm-heron", AgentStatuses.Running,
            AgentStatuses.Crashed, "process_crash", AgentModes.Chat, ChatRuns.Context(crashed.Spawn), 3,
            DateTimeOffset.UtcNow));
        Assert.Contains("process_crash", await FailureAsync(crashed.Turn));

        var erred = await StartAsync("Erred");
        await Harness.CompletedAsync(erred.Spawn, erred.AgentId, SignalOutcomes.Error, "The plan contradicts itself.");
        Assert.Contains("The plan contradicts itself.", await FailureAsync(erred.Turn));

        var deleted = await StartAsync("Deleted");
        await Harness.SpawnedAsync(deleted.Spawn, deleted.AgentId);
        await Harness.PublishedAsync<ChatTurnStarted>(s => s.TurnId == deleted.Turn.TurnId, "started");
        await Harness.Bus.Publish(new AgentDeleted(deleted.AgentId, "gone-otter", ChatRuns.Context(deleted.Spawn), 4,
            DateTimeOffset.UtcNow));
        Assert.Contains("was deleted", await FailureAsync(deleted.Turn));

        // The erred agent is idle again: a next message resumes it, and the Agents service may refuse that.
        var next = ChatRuns.Turn(ChatTargets.Phase, erred.Spawn.PhaseId!, "Try again.", erred.AgentId,
            sessionId: erred.Turn.SessionId);
        await Harness.SendAsync(next);
        await Harness.Bus.Publish(new AgentResumeRefused(next.TurnId, erred.AgentId, ResumeReasons.Message,
            "agent has no session", DateTimeOffset.UtcNow));
        Assert.Contains("agent has no session", await FailureAsync(next));
    }
}
