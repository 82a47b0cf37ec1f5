using Codewalkers.Agents.Domain;
using Codewalkers.Contracts.Agents;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Agents.Tests.Domain;

public sealed class AgentCapacityWaitTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-07T07:00:00Z");

    private static Agent NewAgent() =>
        Agent.Create("c".PadRight(21, 'x'), "calm-heron", "req-c", "execute", "claude",
            new AgentContext("t1", "p1", "i1", null), "/tmp/calm-heron", "do it", [], Now);

    private static AgentStatusChanged[] Changes(Agent agent) => [.. agent.PendingEvents.OfType<AgentStatusChanged>()];

    [Fact]
    public void An_idle_agent_short_of_capacity_waits_and_announces_it_with_the_reason()
    {
        var agent = NewAgent();
        Assert.True(agent.WaitForCapacity("free memory 312 MB < 512 MB", Now));
        Assert.Equal((AgentStatus.WaitingForCapacity, "free memory 312 MB < 512 MB", (int?)null),
            (agent.Status, agent.StatusReason, agent.Pid));
        var change = Assert.Single(Changes(agent));
        Assert.Equal((AgentStatuses.Idle, AgentStatuses.WaitingForCapacity, "free memory 312 MB < 512 MB"),
            (change.From, change.To, change.Reason));
    }

    [Fact]
    public void While_waiting_a_new_measurement_refreshes_the_reason_without_another_event()
    {
        var agent = NewAgent();
        agent.WaitForCapacity("free memory 312 MB < 512 MB", Now);
        Assert.False(agent.WaitForCapacity("free memory 312 MB < 512 MB", Now.AddSeconds(5)));
        Assert.True(agent.WaitForCapacity("free memory 300 MB < 512 MB", Now.AddSeconds(10)));
        Assert.Equal("free memory 300 MB < 512 MB", agent.StatusReason);
        Assert.Single(Changes(agent));
    }

    [Fact]
    public void Capacity_back_the_waiting_agent_starts_its_first_session()
    {
        var agent = NewAgent();
        agent.WaitForCapacity("load 4.50 per core > 4.00", Now);
        agent.Start(4321, null, Now.AddSeconds(5));
        Assert.Equal((AgentStatus.Running, 1, AgentReasons.Spawned), (agent.Status, agent.SessionNumber,
            agent.StatusReason));
        Assert.Equal((AgentStatuses.WaitingForCapacity, AgentStatuses.Running),
            (Changes(agent)[^1].From, Changes(agent)[^1].To));
    }

    [Fact]
    public void Only_an_agent_not_launched_yet_waits_for_capacity_and_a_waiting_one_can_be_stopped()
    {
        var running = NewAgent();
        running.Start(1, null, Now);
        Assert.Throws<ConflictException>(() => running.WaitForCapacity("free disk 1 MB < 1024 MB", Now));

        var waiting = NewAgent();
        waiting.WaitForCapacity("free disk 1 MB < 1024 MB", Now);
        Assert.True(waiting.Stop(Now));
        Assert.Equal((AgentStatus.Stopped, AgentReasons.UserRequested), (waiting.Status, waiting.StatusReason));
    }

    [Fact]
    public void An_agent_keeps_its_ports_while_it_waits_for_input_and_gives_them_back_when_it_ends()
    {
        var agent = NewAgent();
        agent.AssignPorts(20010);
        agent.Start(1, null, Now);
        agent.RecordSession("s1", Now);
        agent.WaitForInput("""[{"id":"q1","question":"?"}]""", Now);
        Assert.Equal(20010, agent.PortBase);
        agent.Resume(2, null, Now);
        agent.Complete(AgentReasons.TaskComplete, null, 0, Now);
        Assert.Null(agent.PortBase);

        var crashed = NewAgent();
        crashed.AssignPorts(20020);
        crashed.Fail(AgentReasons.ProcessCrash, null, Now);
        Assert.Null(crashed.PortBase);
    }
}
