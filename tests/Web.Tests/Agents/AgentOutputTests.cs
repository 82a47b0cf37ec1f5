using Codewalkers.Web.Components.Agents;
using Codewalkers.Web.Tests.Support;
using static Codewalkers.Web.Tests.Agents.AgentSamples;

namespace Codewalkers.Web.Tests.Agents;

public sealed class AgentOutputTests : WebTestContext
{
    private static readonly string OutputPath = $"/api/agents/{OtterId}/output";

    private const string ClaudeRun =
        """
        {"type":"system","subtype":"init","session_id":"s-1","model":"claude-opus"}
        {"type":"rate_limit_event","rate_limit_info":{"status":"allowed"}}
        {"type":"assistant","message":{"content":[{"type":"text","text":"I will run the tests."},{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"dotnet test"}}]}}
        {"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t1","content":"Failed: 2 tests","is_error":true}]}}
        npm WARN deprecated left-pad
        {"type":"result","subtype":"success","is_error":false,"num_turns":3,"total_cost_usd":0.12,"result":"Fixed."}

        """;

    [Fact]
    public void Claudes_lines_read_as_what_the_agent_said_with_tool_calls_folded_and_failures_marked()
    {
        var stream = new LiveEventStream();
        Gateway.On("GET", OutputPath, _ => stream.Response());
        var output = Render<AgentOutput>(p => p.Add(x => x.AgentId, OtterId));

        stream.Send(LiveEventStream.Chunk(0, ClaudeRun.ReplaceLineEndings("\n")));

        output.WaitForAssertion(() => Assert.Contains("I will run the tests.", output.Find(".said").TextContent));
        var call = output.Find("details");
        Assert.Contains("Bash", call.QuerySelector("summary")!.TextContent);
        Assert.Contains("dotnet test", call.QuerySelector("summary")!.TextContent);
        Assert.Contains("(failed)", call.QuerySelector("summary")!.TextContent);
        Assert.Equal("Failed: 2 tests", call.QuerySelector("pre.error")!.TextContent);
        Assert.Contains("npm WARN deprecated left-pad", output.Find(".plain").TextContent);
        Assert.Contains("3 turns, $0.12", output.FindAll(".milestone")[^1].TextContent);
        Assert.DoesNotContain("rate_limit", output.Markup);
        Assert.NotNull(output.Find("[aria-live=polite]"));
    }

    [Fact]
    public void A_dropped_stream_is_reopened_after_the_last_byte_read_and_nothing_shows_twice()
    {
        var first = new LiveEventStream();
        var second = new LiveEventStream();
        var lastEventIds = new List<string?>();
        var connections = new Queue<LiveEventStream>([first, second]);
        Gateway.On("GET", OutputPath, request =>
        {
            lastEventIds.Add(request.Headers.TryGetValues("Last-Event-ID", out var ids) ? ids.Single() : null);
            return connections.Dequeue().Response();
        });
        var output = Render<AgentOutput>(p => p
            .Add(x => x.AgentId, OtterId)
            .Add(x => x.ReconnectPauses, [TimeSpan.Zero]));

        var line = "first line\n";
        first.Send(LiveEventStream.Chunk(0, line));
        output.WaitForAssertion(() => Assert.Single(output.FindAll(".plain")));
        first.End();
        // The server sends the chunk again (stored after it went out live) and then the next one.
        second.Send(LiveEventStream.Chunk(0, line));
        second.Send(LiveEventStream.Chunk(line.Length, "second line\n"));

        output.WaitForAssertion(() => Assert.Equal(2, output.FindAll(".plain").Count));
        Assert.Equal([null, line.Length.ToString()], lastEventIds);
        Assert.Equal(["first line", "second line"], output.FindAll(".plain").Select(p => p.TextContent));
    }

    [Fact]
    public void Lines_arriving_fast_are_shown_in_a_few_renders_not_one_each()
    {
        var stream = new LiveEventStream();
        Gateway.On("GET", OutputPath, _ => stream.Response());
        var output = Render<AgentOutput>(p => p.Add(x => x.AgentId, OtterId));
        var rendersBefore = output.RenderCount;

        long offset = 0;
        for (var i = 1; i <= 200; i++)
        {
            var line = $"line {i}\n";
            stream.Send(LiveEventStream.Chunk(offset, line));
            offset += line.Length;
        }

        output.WaitForAssertion(() => Assert.Equal(200, output.FindAll(".plain").Count));
        // At most ~10 a second: a slow, shared machine may take a second or two for all of them, never one per line.
        Assert.True(output.RenderCount - rendersBefore <= 20, $"{output.RenderCount - rendersBefore} renders");
    }

    [Fact]
    public async Task Closing_the_output_lets_go_of_the_stream()
    {
        var stream = new LiveEventStream();
        Gateway.On("GET", OutputPath, _ => stream.Response());
        var output = Render<AgentOutput>(p => p.Add(x => x.AgentId, OtterId));
        stream.Send(LiveEventStream.Chunk(0, "working\n"));
        output.WaitForAssertion(() => Assert.Single(output.FindAll(".plain")));

        await DisposeComponentsAsync();

        await WaitUntil(() => stream.Closed);
        Assert.Single(Gateway.Requests, r => r.PathAndQuery.StartsWith(OutputPath));
    }

    [Fact]
    public void An_unknown_agent_shows_the_services_words_and_is_not_asked_again()
    {
        Gateway.Refuse("GET", OutputPath, 404, "Not found", $"Agent '{OtterId}' was not found.");

        var output = Render<AgentOutput>(p => p.Add(x => x.AgentId, OtterId));

        output.WaitForAssertion(() => Assert.Contains("was not found", output.Find(".problem").TextContent));
        Assert.Single(Gateway.Requests, r => r.PathAndQuery.StartsWith(OutputPath));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 20)
        {
            Assert.True(waited < 5000, "timed out");
            await Task.Delay(20);
        }
    }
}
