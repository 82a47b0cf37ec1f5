using System.Net;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Errands;
using Codewalkers.Errands.Tests.Infrastructure;
using static Codewalkers.Errands.Tests.Infrastructure.ErrandSteps;

namespace Codewalkers.Errands.Tests;

/// <summary>
/// The errand's agent at work: what it reports moves the errand (done -> pending_review), and the user's messages and
/// requested changes resume its session (pending_review -> active).
/// </summary>
public sealed class ErrandReviewTests(ErrandsFactory factory) : IClassFixture<ErrandsFactory>
{
    private readonly ErrandSteps _steps = new(factory);

    [Fact]
    public async Task The_started_agent_and_its_status_show_on_the_errand_and_an_older_status_does_not_win()
    {
        var project = await _steps.ProjectAsync();
        var (errand, spawn, agentId) = await _steps.StartedAsync(project);

        await _steps.StatusAsync(agentId, spawn, AgentStatuses.Running, version: 3);
        await _steps.StatusAsync(agentId, spawn, AgentStatuses.Idle, version: 2);

        var got = await _steps.GetAsync(errand.Id);
        Assert.Equal(
            (agentId, $"name-{spawn.RequestId[..6]}", "running"), (got.AgentId, got.AgentName, got.AgentStatus));
        Assert.Equal(ErrandStatuses.Active, got.Status);
    }

    [Fact]
    public async Task Done_moves_the_errand_to_review_with_the_summary_in_the_thread_and_announces_it()
    {
        var project = await _steps.ProjectAsync();
        var (errand, spawn, agentId) = await _steps.StartedAsync(project);

        await _steps.CompletedAsync(agentId, spawn, SignalOutcomes.Done, "Fixed the typo", version: 3);

        var got = await _steps.GetAsync(errand.Id);
        Assert.Equal(("pending_review", "Fixed the typo"), (got.Status, got.Summary));
        var note = Assert.Single(got.Thread!);
        Assert.Equal(("agent", "done", "Fixed the typo"), (note.Author, note.Kind, note.Text));
        var changes = await _steps.StatusChangesAsync(errand.Id, 2);
        Assert.Equal(("active", "pending_review", got.Version, agentId),
            (changes[1].From, changes[1].To, changes[1].Version, changes[1].AgentId));
        Assert.True(changes[1].Version > changes[0].Version);
    }

    [Fact]
    public async Task An_error_signal_stays_active_with_the_error_and_a_note()
    {
        var project = await _steps.ProjectAsync();
        var (errand, spawn, agentId) = await _steps.StartedAsync(project);

        await _steps.CompletedAsync(agentId, spawn, SignalOutcomes.Error, "Cannot find the file", version: 3);

        var got = await _steps.GetAsync(errand.Id);
        Assert.Equal(ErrandStatuses.Active, got.Status);
        Assert.Contains("Cannot find the file", got.Error, StringComparison.Ordinal);
        Assert.Equal(("agent", "error"), (got.Thread![0].Author, got.Thread[0].Kind));
    }

    [Fact]
    public async Task The_agents_questions_appear_in_the_thread()
    {
        var project = await _steps.ProjectAsync();
        var (errand, spawn, agentId) = await _steps.StartedAsync(project);

        await factory.DeliverAsync(new AgentQuestionsAsked(agentId, "n", AgentModes.Errand, Context(errand.Id), 1,
            [new AgentQuestion("q1", "Which README, the root one?"), new AgentQuestion("q2", "Keep the badge?")], 3,
            DateTimeOffset.UtcNow));

        var note = Assert.Single((await _steps.GetAsync(errand.Id)).Thread!);
        Assert.Equal(("agent", "questions"), (note.Author, note.Kind));
        Assert.Contains("Which README, the root one?", note.Text, StringComparison.Ordinal);
        Assert.Contains("Keep the badge?", note.Text, StringComparison.Ordinal);
        _ = spawn;
    }

    [Fact]
    public async Task Another_errands_or_a_task_agents_events_change_nothing()
    {
        var project = await _steps.ProjectAsync();
        var (errand, spawn, _) = await _steps.StartedAsync(project);

        await factory.DeliverAsync(new AgentCompleted("agent-other", "other", spawn.RequestId, AgentModes.Errand,
            Context(errand.Id), SignalOutcomes.Done, "Not mine", [], 9, DateTimeOffset.UtcNow));
        await factory.DeliverAsync(new AgentCompleted("agent-task", "task", "r", AgentModes.Execute,
            new AgentContext("t", "p", "i", null), SignalOutcomes.Done, "Task", [], 9, DateTimeOffset.UtcNow));

        var got = await _steps.GetAsync(errand.Id);
        Assert.Equal((ErrandStatuses.Active, 0), (got.Status, got.Thread!.Count));
    }

    [Fact]
    public async Task A_message_in_review_resumes_the_same_agent_and_goes_back_to_active()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _, agentId) = await _steps.InReviewAsync(project);

        var after = await _steps.AcceptedAsync(errand.Id, "messages", new { message = "Also fix the second typo" });

        Assert.Equal(ErrandStatuses.Active, after.Status);
        Assert.Equal(("user", "message", "Also fix the second typo"),
            (after.Thread![^1].Author, after.Thread[^1].Kind, after.Thread[^1].Text));
        var resume = await _steps.SentAsync<ResumeAgent>(r => r.AgentId == agentId, "resume");
        Assert.Equal((ResumeReasons.Message, "Also fix the second typo"), (resume.Reason, resume.Message));
        var changes = await _steps.StatusChangesAsync(errand.Id, 3);
        Assert.Equal(("pending_review", "active"), (changes[2].From, changes[2].To));
    }

    [Fact]
    public async Task Requested_changes_resume_the_agent_with_the_reviewers_words()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _, agentId) = await _steps.InReviewAsync(project);

        var after = await _steps.AcceptedAsync(errand.Id, "request-changes", new { feedback = "Use British spelling" });

        Assert.Equal(ErrandStatuses.Active, after.Status);
        var resume = await _steps.SentAsync<ResumeAgent>(r => r.AgentId == agentId, "resume");
        Assert.Contains("Changes requested by the reviewer: Use British spelling", resume.Message,
            StringComparison.Ordinal);
        Assert.Equal("changes_requested", after.Thread![^1].Kind);
    }

    [Fact]
    public async Task Requesting_changes_on_an_active_errand_is_an_impossible_transition()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _, agentId) = await _steps.StartedAsync(project);

        var problem = await AssertProblemAsync(
            await _steps.ActAsync(errand.Id, "request-changes", new { feedback = "More" }), HttpStatusCode.Conflict);

        Assert.Equal("Impossible transition", problem.GetProperty("title").GetString());
        Assert.Contains("active", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_steps.Sent<ResumeAgent>(r => r.AgentId == agentId));
    }

    [Fact]
    public async Task A_message_while_the_agent_runs_or_before_it_started_is_refused_naming_why()
    {
        var project = await _steps.ProjectAsync();
        var (running, spawn, agentId) = await _steps.StartedAsync(project, "Running one");
        await _steps.StatusAsync(agentId, spawn, AgentStatuses.Running, version: 2);
        var (unstarted, _) = await _steps.StartAsync(project, "Unstarted one");

        var whileRunning = await AssertProblemAsync(
            await _steps.ActAsync(running.Id, "messages", new { message = "hi" }), HttpStatusCode.Conflict);
        var beforeStart = await AssertProblemAsync(
            await _steps.ActAsync(unstarted.Id, "messages", new { message = "hi" }), HttpStatusCode.Conflict);

        Assert.Contains("is running", whileRunning.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("not started", beforeStart.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_steps.Sent<ResumeAgent>(r => r.AgentId == agentId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bell\u0007")]
    public async Task A_bad_message_is_refused_naming_it(string message)
    {
        var project = await _steps.ProjectAsync();
        var (errand, _, _) = await _steps.InReviewAsync(project);

        await AssertNamesFieldAsync(await _steps.ActAsync(errand.Id, "messages", new { message }), "message");

        Assert.Equal(ErrandStatuses.PendingReview, (await _steps.GetAsync(errand.Id)).Status);
    }

    [Fact]
    public async Task A_message_over_10000_characters_is_refused()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _, _) = await _steps.InReviewAsync(project);

        await AssertNamesFieldAsync(
            await _steps.ActAsync(errand.Id, "messages", new { message = new string('m', 10_001) }), "message");
    }

    [Fact]
    public async Task A_refused_resume_puts_the_errand_back_in_review_with_the_reason()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _, agentId) = await _steps.InReviewAsync(project);
        await _steps.AcceptedAsync(errand.Id, "messages", new { message = "One more thing" });
        var resume = await _steps.SentAsync<ResumeAgent>(r => r.AgentId == agentId, "resume");

        await factory.DeliverAsync(new AgentResumeRefused(
            resume.RequestId, agentId, ResumeReasons.Message, "no session to resume", DateTimeOffset.UtcNow));

        var got = await _steps.GetAsync(errand.Id);
        Assert.Equal(ErrandStatuses.PendingReview, got.Status);
        Assert.Contains("no session to resume", got.Error, StringComparison.Ordinal);
        Assert.Equal(("system", "resume_refused"), (got.Thread![^1].Author, got.Thread[^1].Kind));
        var changes = await _steps.StatusChangesAsync(errand.Id, 4);
        Assert.Equal(("active", "pending_review"), (changes[3].From, changes[3].To));
    }

    [Fact]
    public async Task The_same_completion_delivered_twice_is_applied_once()
    {
        var project = await _steps.ProjectAsync();
        var (errand, spawn, agentId) = await _steps.StartedAsync(project);
        var messageId = Guid.NewGuid();

        await _steps.CompletedAsync(agentId, spawn, SignalOutcomes.Done, "Once", version: 3, messageId);
        var once = await _steps.GetAsync(errand.Id);
        await _steps.CompletedAsync(agentId, spawn, SignalOutcomes.Done, "Once", version: 3, messageId);

        var twice = await _steps.GetAsync(errand.Id);
        Assert.Equal(2, factory.Consumed.Finished(messageId));
        Assert.Equal((once.Version, 1), (twice.Version, twice.Thread!.Count));
        Assert.Equal(2, (await _steps.StatusChangesAsync(errand.Id, 2)).Count);
    }

    [Fact]
    public async Task A_late_copy_of_an_older_completion_changes_nothing_after_a_newer_one()
    {
        var project = await _steps.ProjectAsync();
        var (errand, spawn, agentId) = await _steps.InReviewAsync(project);
        await _steps.AcceptedAsync(errand.Id, "messages", new { message = "Again" });

        // The first run's done, published again under a new message id: the resumed run has not finished.
        await _steps.CompletedAsync(agentId, spawn, SignalOutcomes.Done, "Fixed the typo", version: 3);

        Assert.Equal(ErrandStatuses.Active, (await _steps.GetAsync(errand.Id)).Status);
    }
}
