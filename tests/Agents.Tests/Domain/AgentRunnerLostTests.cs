using Codewalkers.Agents.Domain;
using Codewalkers.Contracts.Agents;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Agents.Tests.Domain;

/// <summary>What a lost runner means for each of its agents: the live ones crash (retried), the others keep their state.</summary>
public sealed class AgentRunnerLostTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-07T16:00:00Z");

    private static Agent NewAgent()
    {
        var agent = Agent.Create("r".PadRight(21, 'x'), "swift-lynx", "req-r", "execute", "claude",
            new AgentContext("t1", "p1", "i1", null), "/tmp/swift-lynx", "do it", [], Now);
        agent.BelongTo("runner-b");
        return agent;
    }

    [Fact]
    public void A_running_agent_crashes_as_runner_lost_with_one_event_and_its_ports_back()
    {
        var agent = NewAgent();
        agent.Start(4242, null, Now);
        agent.AssignPorts(20000);
        var version = agent.Version;

        Assert.True(agent.LoseRunner(Now.AddMinutes(1)));

        Assert.Equal((AgentStatus.Crashed, AgentReasons.RunnerLost, (int?)null, (int?)null, version + 1),
            (agent.Status, agent.StatusReason, agent.Pid, agent.PortBase, agent.Version));
        var change = agent.PendingEvents.OfType<AgentStatusChanged>().Last();
        Assert.Equal((AgentStatuses.Running, AgentStatuses.Crashed, AgentReasons.RunnerLost, "t1"),
            (change.From, change.To, change.Reason, change.Context.TaskId));
        // Lost once: a second sweep changes nothing.
        Assert.False(agent.LoseRunner(Now.AddMinutes(2)));
        Assert.Equal(version + 1, agent.Version);
    }

    [Fact]
    public void An_agent_never_launched_is_lost_too_since_only_its_runner_has_its_workspace()
    {
        var agent = NewAgent();
        Assert.True(agent.LoseRunner(Now));
        Assert.Equal(AgentStatus.Crashed, agent.Status);
    }

    [Fact]
    public void An_agent_waiting_for_input_or_stopped_runs_nothing_and_keeps_its_state()
    {
        var waiting = NewAgent();
        waiting.Start(4242, null, Now);
        waiting.WaitForInput("""[{"id":"q1","question":"Which?"}]""", Now);
        Assert.False(waiting.LoseRunner(Now));
        Assert.Equal(AgentStatus.WaitingForInput, waiting.Status);

        var stopped = NewAgent();
        stopped.Start(4242, null, Now);
        stopped.Complete(AgentReasons.TaskComplete, null, 0, Now);
        Assert.False(stopped.LoseRunner(Now));
        Assert.Equal((AgentStatus.Stopped, AgentReasons.TaskComplete), (stopped.Status, stopped.StatusReason));
    }

    [Fact]
    public void A_runner_id_names_directories_so_only_plain_lowercase_words_are_accepted()
    {
        Runner.EnsureValidId("agents-2");
        Assert.Throws<ValidationException>(() => Runner.EnsureValidId("../etc"));
        Assert.Throws<ValidationException>(() => Runner.EnsureValidId("Agents"));
        Assert.Throws<ValidationException>(() => Runner.EnsureValidId(""));
    }
}
