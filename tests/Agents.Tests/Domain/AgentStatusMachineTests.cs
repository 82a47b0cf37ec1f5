using Codewalkers.Agents.Domain;
using Codewalkers.Contracts.Agents;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Agents.Tests.Domain;

public class AgentStatusMachineTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-28T06:00:00Z");

    private static Agent NewAgent() =>
        Agent.Create("a".PadRight(21, 'x'), "brave-otter", "req-1", "execute", "claude",
            new AgentContext("t1", "p1", "i1", null), "/tmp/brave-otter", "do it", ["result.json"], Now);

    private static AgentStatusChanged[] Changes(Agent agent) => [.. agent.PendingEvents.OfType<AgentStatusChanged>()];

    [Fact]
    public void A_new_agent_is_idle_and_announces_its_spawn()
    {
        var agent = NewAgent();
        Assert.Equal(AgentStatus.Idle, agent.Status);
        var spawned = Assert.IsType<AgentSpawned>(Assert.Single(agent.PendingEvents));
        Assert.Equal("t1", spawned.Context.TaskId);
    }

    [Fact]
    public void Starting_runs_session_one_and_publishes_the_transition_with_its_ids()
    {
        var agent = NewAgent();
        agent.Start(1234, null, Now);
        Assert.Equal((AgentStatus.Running, 1, 1234), (agent.Status, agent.SessionNumber, agent.Pid));
        var change = Assert.Single(Changes(agent));
        Assert.Equal((AgentStatuses.Idle, AgentStatuses.Running, "p1", "i1"),
            (change.From, change.To, change.Context.PhaseId, change.Context.InitiativeId));
    }

    [Fact]
    public void Questions_then_resume_continue_in_the_next_session()
    {
        var agent = NewAgent();
        agent.Start(1, null, Now);
        agent.RecordSession("sess-1", Now);
        agent.WaitForInput("""[{"id":"q1","question":"?"}]""", Now);
        Assert.Equal(AgentStatus.WaitingForInput, agent.Status);
        agent.Resume(2, null, Now);
        Assert.Equal(
            (AgentStatus.Running, 2, (string?)null), (agent.Status, agent.SessionNumber, agent.PendingQuestions));
        Assert.Equal(
            [AgentReasons.Spawned, AgentReasons.WaitingForInput, AgentReasons.Resumed],
            Changes(agent).Select(c => c.Reason));
    }

    [Fact]
    public void Every_transition_increments_the_version_carried_by_its_event()
    {
        var agent = NewAgent();
        agent.Start(1, null, Now);
        agent.Complete(AgentReasons.TaskComplete, null, 0, Now);
        var versions = agent.PendingEvents
            .Select(e => e switch { AgentSpawned s => s.Version, AgentStatusChanged c => c.Version, _ => 0 })
            .ToArray();
        Assert.Equal([1L, 2L, 3L], versions);
    }

    [Fact]
    public void A_crashed_agent_cannot_be_resumed_and_a_running_one_cannot_wait_twice()
    {
        var agent = NewAgent();
        agent.Start(1, null, Now);
        agent.RecordSession("s", Now);
        agent.Crash(AgentReasons.ProcessCrash, null, 137, Now);
        Assert.Throws<ConflictException>(() => agent.Resume(2, null, Now));
        Assert.Throws<ConflictException>(() => agent.WaitForInput("[]", Now));
        Assert.Equal(AgentReasons.ProcessCrash, agent.StatusReason);
    }

    [Fact]
    public void A_stopped_agent_resumes_but_one_without_a_session_cannot()
    {
        var agent = NewAgent();
        agent.Start(1, null, Now);
        agent.Stop(Now);
        Assert.Throws<ConflictException>(() => agent.Resume(2, null, Now));
        agent.RecordSession("s", Now);
        agent.Resume(2, null, Now);
        Assert.Equal(AgentStatus.Running, agent.Status);
    }

    [Fact]
    public void Running_agents_cannot_be_deleted_or_dismissed()
    {
        var agent = NewAgent();
        agent.Start(1, null, Now);
        Assert.Throws<ConflictException>(() => agent.MarkDeleted(Now));
        Assert.Throws<ConflictException>(() => agent.Dismiss(Now));
    }
    [Fact]
    public void Waiting_for_an_account_keeps_the_run_and_its_session_and_is_a_status_change_both_ways()
    {
        var agent = NewAgent();
        agent.Start(1, "acc-1", Now);
        agent.ClearEvents();
        var until = Now.AddHours(1);
        Assert.True(agent.WaitForAccount(until, Now));
        Assert.False(agent.WaitForAccount(until, Now)); // nothing new to save
        Assert.Equal(
            (AgentStatus.WaitingForAccount, AgentReasons.WaitingForAccount, until, (int?)null),
            (agent.Status, agent.StatusReason, agent.WaitingForAccountUntil, agent.Pid));
        Assert.Equal((AgentStatuses.Running, AgentStatuses.WaitingForAccount, AgentReasons.WaitingForAccount),
            Changes(agent).Single() is var c ? (c.From, c.To, c.Reason) : default);
        // A later reset is only shown, not announced again.
        agent.ClearEvents();
        Assert.True(agent.WaitForAccount(until.AddHours(1), Now));
        Assert.Empty(agent.PendingEvents);

        agent.ContinueAfterWait(42, "acc-2", Now.AddHours(1));
        Assert.Equal((AgentStatuses.WaitingForAccount, AgentStatuses.Running, AgentReasons.Resumed),
            Changes(agent).Single() is var back ? (back.From, back.To, back.Reason) : default);
        Assert.Equal(
            (AgentStatus.Running, 2, 42, "acc-2", 0),
            (agent.Status, agent.SessionNumber, agent.Pid, agent.AccountId, agent.RetryCount));
        Assert.Null(agent.WaitingForAccountUntil);
        Assert.Throws<ConflictException>(() => agent.ContinueAfterWait(43, null, Now));
    }

    [Fact]
    public void Answers_given_while_no_account_is_free_are_kept_until_the_run_continues_and_a_stop_ends_the_wait()
    {
        var agent = NewAgent();
        agent.Start(1, "acc-1", Now);
        agent.RecordSession("session-1", Now);
        agent.WaitForInput("""[{"id":"q1","question":"?"}]""", Now);
        agent.ClearEvents();

        agent.ResumeWhenAccountFree("Answers: blue", Now.AddMinutes(30), Now);
        Assert.Equal(
            (AgentStatus.WaitingForAccount, AgentReasons.WaitingForAccount, "Answers: blue"),
            (agent.Status, agent.StatusReason, agent.PendingPrompt));
        Assert.Null(agent.PendingQuestions);
        Assert.Equal(
            [(AgentStatuses.WaitingForInput, AgentStatuses.Running, AgentReasons.Resumed),
                (AgentStatuses.Running, AgentStatuses.WaitingForAccount, AgentReasons.WaitingForAccount)],
            Changes(agent).Select(c => (c.From, c.To, c.Reason)));

        Assert.True(agent.Stop(Now));
        Assert.Equal(
            (AgentStatus.Stopped, (DateTimeOffset?)null, (string?)null),
            (agent.Status, agent.WaitingForAccountUntil, agent.PendingPrompt));
    }
}
