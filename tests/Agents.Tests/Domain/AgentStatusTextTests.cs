using Codewalkers.Agents.Domain;
using Codewalkers.Contracts.Agents;
using Codewalkers.SharedKernel;

namespace Codewalkers.Agents.Tests.Domain;

public class AgentStatusTextTests
{
    [Fact]
    public void Every_status_is_stored_and_sent_as_the_wire_text_of_the_contracts()
    {
        Assert.Equal(AgentStatuses.All, Enum.GetValues<AgentStatus>().Select(status => status.ToText()));
    }

    [Fact]
    public void Every_wire_text_reads_back_as_its_status()
    {
        Assert.All(AgentStatuses.All, text => Assert.Equal(text, EnumText.FromText<AgentStatus>(text).ToText()));
    }
}
