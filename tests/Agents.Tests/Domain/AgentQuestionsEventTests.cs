using Codewalkers.Agents.Domain;
using Codewalkers.Contracts.Agents;

namespace Codewalkers.Agents.Tests.Domain;

public class AgentQuestionsEventTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-06T22:00:00Z");

    private static Agent RunningAgent()
    {
        var agent = Agent.Create("a".PadRight(21, 'x'), "brave-otter", "req-1", "execute", "claude",
            new AgentContext("t1", "p1", "i1", null), "/tmp/brave-otter", "do it", [], Now);
        agent.Start(1, null, Now);
        return agent;
    }

    [Fact]
    public void Waiting_for_input_announces_the_questions_with_the_transition_version_and_session()
    {
        var agent = RunningAgent();
        agent.WaitForInput("""
            [{"id":"db","question":"Which database?","options":["SQLite",{"label":"Postgres"}]},
             {"question":"Anything else?"}, "Bare?"]
            """, Now);
        var change = agent.PendingEvents.OfType<AgentStatusChanged>().Last();
        var asked = Assert.Single(agent.PendingEvents.OfType<AgentQuestionsAsked>());
        Assert.Equal((change.Version, 1, "t1", "brave-otter"),
            (asked.Version, asked.Session, asked.Context.TaskId, asked.Name));
        Assert.Equal(["db", "q2", "q3"], asked.Questions.Select(q => q.Id));
        Assert.Equal(["SQLite", "Postgres"], asked.Questions[0].Options!);
        Assert.Equal(("Anything else?", null), (asked.Questions[1].Question, asked.Questions[1].Options));
        Assert.Equal("Bare?", asked.Questions[2].Question);
        // The status change comes first, so a consumer of both sees the agent waiting before its questions.
        Assert.IsType<AgentQuestionsAsked>(agent.PendingEvents[^1]);
    }
}
