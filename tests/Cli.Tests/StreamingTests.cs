using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Streaming;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

/// <summary>
/// `cw agent logs -f` against a stand-in for GET /api/agents/{id}/output whose connections drop mid-stream, hang
/// open as a live stream does, and resend what the reader already has.
/// </summary>
public class StreamingTests
{
    private static readonly string[] Lines = ["line 1\n", "line 2 é\n", "line 3\n", "line 4\n", "done.\n"];

    [Fact]
    public async Task A_dropped_stream_resumes_from_the_last_offset_and_prints_everything_once()
    {
        var api = new OutputApi();
        // First connection: chunks 1 and 2, half of chunk 3's event, then the connection breaks.
        api.Connect(_ => Events(0, 1) + "id: 24\nevent: chu", Ending.Drop);
        // Second: chunk 2 again (a resend the reader must skip), 3 and 4, then it stays open like a live stream.
        api.Connect(_ => Events(1, 2, 3), Ending.StayOpen);
        // After the run ended: the catch-up holds what was stored after the last live chunk.
        api.Connect(_ => Events(4), Ending.End);

        var run = await api.RunAsync("agent logs a1 -f");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(string.Concat(Lines), run.Out);
        Assert.Equal(
            ["/api/agents/a1/output?from=0", $"/api/agents/a1/output?from={End(1)}",
                $"/api/agents/a1/output?from={End(3)}&follow=false"],
            api.StreamRequests);
        Assert.Contains($"resuming agent a1's output at byte {End(1)}", run.Error);
        Assert.Contains("agent brave-otter is stopped (task_complete).", run.Error);
    }

    [Fact]
    public async Task A_stream_cut_off_by_the_server_is_reopened_where_it_stopped()
    {
        var api = new OutputApi();
        api.Connect(_ => Events(0), Ending.End);
        api.Connect(_ => Events(1, 2, 3), Ending.StayOpen);
        api.Connect(_ => "", Ending.End);

        var run = await api.RunAsync("agent logs brave-otter -f --json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var chunks = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(Lines[..4], chunks.Select(c => c.GetProperty("content").GetString()));
        Assert.Equal(End(3), chunks[^1].GetProperty("end").GetInt64());
        Assert.Equal($"/api/agents/a1/output?from={End(0)}", api.StreamRequests[1]);
    }

    [Fact]
    public async Task Following_an_agent_whose_run_has_ended_prints_its_output_and_returns()
    {
        var api = new OutputApi { Status = "waiting_for_input" };
        // Whether the follower sees the end before or after the first connection delivers, nothing is missing.
        api.Connect(request => StoredAfter(request, 2), Ending.StayOpen);
        api.Connect(request => StoredAfter(request, 3), Ending.End);

        var run = await api.RunAsync("agent logs a1 -f");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(string.Concat(Lines[..3]), run.Out);
    }

    [Fact]
    public async Task Following_an_agent_that_waits_for_an_account_says_so_once()
    {
        var api = new OutputApi { WaitingForAccountUntil = "2026-12-01T12:00:00Z", StopsAfterLiveOutput = false };
        api.Connect(_ => "", Ending.StayOpen);
        api.Connect(_ => "", Ending.End);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2.5));

        var run = await api.RunAsync("agent logs a1 -f", cancel.Token);

        Assert.Equal(ExitCodes.Cancelled, run.ExitCode);
        Assert.Single(run.Error.Split('\n'), line => line.Contains("waits for a free account until"));
        Assert.Contains("cw account add", run.Error);
    }

    [Fact]
    public async Task Ctrl_C_stops_following_with_exit_code_130()
    {
        var api = new OutputApi { Status = "running", StopsAfterLiveOutput = false };
        api.Connect(_ => Events(0), Ending.StayOpen);
        using var cancel = new CancellationTokenSource();
        api.LiveOutputSent += () => cancel.CancelAfter(TimeSpan.FromMilliseconds(100));

        var run = await api.RunAsync("agent logs a1 -f", cancel.Token);

        Assert.Equal(ExitCodes.Cancelled, run.ExitCode);
        Assert.Equal(Lines[0], run.Out);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public async Task Logs_without_follow_pages_through_the_stored_chunks()
    {
        var page = JsonSerializer.Serialize(Enumerable.Range(0, 2).Select(i => new
        {
            id = i, sessionNumber = 1, start = Start(i), end = End(i), content = Lines[i],
            createdAt = "2026-12-01T10:00:00Z",
        }));
        var api = new ScriptedApi()
            .On("GET /api/agents/a1", 200, """{"id":"a1","name":"brave-otter","status":"stopped"}""")
            .On("GET /api/agents/a1/logs?from=0&limit=1000", 200, page);

        var run = await Cw.RunAsync(api, "agent logs a1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(Lines[0] + Lines[1], run.Out);
    }

    [Fact]
    public void A_chunk_that_starts_before_the_offset_is_cut_on_its_bytes()
    {
        var chunk = new OutputChunk(1, 0, End(1), Lines[0] + Lines[1]);

        Assert.Null(chunk.After(End(1)));
        Assert.Same(chunk, chunk.After(0));
        Assert.Equal(Lines[1], chunk.After(End(0))!.Content);
        Assert.Equal(End(0), chunk.After(End(0))!.Start);
    }

    [Fact]
    public async Task Reconnecting_gives_up_after_the_last_attempt()
    {
        var waits = new List<TimeSpan>();
        var policy = ReconnectPolicy.ForStream((delay, _) =>
        {
            waits.Add(delay);
            return Task.CompletedTask;
        });

        for (var i = 0; i < policy.MaxAttempts; i++) Assert.True(await policy.WaitAsync(default));
        Assert.False(await policy.WaitAsync(default));
        Assert.Equal(TimeSpan.FromMilliseconds(200), waits[0]);
        Assert.Equal((25, TimeSpan.FromSeconds(5)), (policy.MaxAttempts, policy.MaxDelay));
        Assert.Equal(policy.MaxDelay, waits[^1]);
        policy.Connected();
        Assert.True(await policy.WaitAsync(default));
    }

    [Fact]
    public async Task Claude_codes_output_reads_as_what_the_agent_says_and_does_and_raw_as_written()
    {
        var output = string.Join("\n",
            """{"type":"system","subtype":"init","session_id":"s-1","model":"claude-sonnet-4-5","tools":["Bash"]}""",
            """{"type":"assistant","message":{"content":[{"type":"thinking","thinking":"hmm"},"""
                + """{"type":"text","text":"Let me check."},"""
                + """{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"echo 42","description":"x"}}]}}""",
            """{"type":"user","message":"""
                + """{"content":[{"tool_use_id":"t1","type":"tool_result","content":"42\nmore"}]}}""",
            """{"type":"rate_limit_event","rate_limit_info":{"status":"allowed"}}""",
            "not json at all",
            """{"type":"result","subtype":"success","is_error":false,"num_turns":2,"total_cost_usd":0.00049,"""
                + "\"result\":\"Done.\"}",
            "");
        var logs = JsonSerializer.Serialize(new[]
        {
            new { id = 1, sessionNumber = 1, start = 0, end = Encoding.UTF8.GetByteCount(output), content = output },
        });
        var api = new ScriptedApi()
            .On("GET /api/agents/a1", 200,
                """{"id":"a1","name":"brave-otter","status":"stopped","provider":"claude"}""")
            .On("GET /api/agents/a1/logs?from=0&limit=1000", 200, logs);

        var run = await Cw.RunAsync(api, "agent logs a1");
        var raw = await Cw.RunAsync(api, "agent logs a1 --raw");

        Assert.Equal("""
            ── session s-1 (claude-sonnet-4-5)
            Let me check.
            › Bash echo 42
              ‹ 42
            not json at all
            ── result: success (2 turns, $0.0005) Done.

            """, run.Out);
        Assert.Equal(output, raw.Out);
    }

    private static long Start(int index) => Lines[..index].Sum(l => (long)Encoding.UTF8.GetByteCount(l));

    private static long End(int index) => Start(index + 1);

    /// <summary>
    /// What a faithful server sends: of the first <paramref name="stored"/> chunks, those past the request's from.
    /// </summary>
    private static string StoredAfter(HttpRequestMessage request, int stored)
    {
        var from = long.Parse(request.RequestUri!.Query.TrimStart('?').Split('&')[0]["from=".Length..],
            System.Globalization.CultureInfo.InvariantCulture);
        return Events([.. Enumerable.Range(0, stored).Where(i => End(i) > from)]);
    }

    /// <summary>The SSE events of the given chunks, as AgentOutputStream writes them.</summary>
    private static string Events(params int[] indexes) => string.Concat(indexes.Select(i =>
        $"id: {End(i)}\nevent: chunk\ndata: " + JsonSerializer.Serialize(new
        {
            sessionNumber = 1, start = Start(i), end = End(i), content = Lines[i],
        }) + "\n\n"));

    private enum Ending { End, Drop, StayOpen }

    /// <summary>
    /// The agents API as a follower sees it: GET /api/agents/{a1} (running until the last live connection has sent
    /// everything, then stopped), the agent list (for names), and the output stream, one scripted connection each.
    /// </summary>
    private sealed class OutputApi : HttpMessageHandler
    {
        private volatile bool _liveOutputSent;

        public string Status { get; init; } = "running";
        public string? WaitingForAccountUntil { get; init; }
        public bool StopsAfterLiveOutput { get; init; } = true;
        private ConcurrentQueue<(Func<HttpRequestMessage, string> Body, Ending Ending)> Connections { get; } = new();
        public List<string> StreamRequests { get; } = [];
        public event Action? LiveOutputSent;

        /// <summary>Scripts the next connection to the output stream: its body, then how it ends.</summary>
        public void Connect(Func<HttpRequestMessage, string> body, Ending ending) =>
            Connections.Enqueue((body, ending));

        public Task<Cw.Run> RunAsync(string commandLine, CancellationToken cancellationToken = default) =>
            Cw.RunAsync(this, commandLine, cancellationToken: cancellationToken);

        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.PathAndQuery;
            if (path == "/api/agents/a1")
            {
                var status = StopsAfterLiveOutput && _liveOutputSent ? "stopped" : Status;
                var until = JsonSerializer.Serialize(status == "stopped" ? null : WaitingForAccountUntil);
                return Json($$"""
                    {"id":"a1","name":"brave-otter","status":"{{status}}","statusReason":"task_complete",
                     "waitingForAccountUntil":{{until}}}
                    """);
            }
            if (path == "/api/agents/brave-otter") return Json("""{"title":"Not found","status":404}""", 404);
            if (path == "/api/agents?includeDismissed=true")
                return Json("""[{"id":"a1","name":"brave-otter","status":"running"}]""");
            if (!path.StartsWith("/api/agents/a1/output", StringComparison.Ordinal))
                return Json("""{"title":"Not scripted","status":404}""", 404);
            lock (StreamRequests) StreamRequests.Add(path);
            if (!Connections.TryDequeue(out var connection))
                throw new InvalidOperationException($"No connection scripted for {path}.");
            var stream = new EventStream(Encoding.UTF8.GetBytes(connection.Body(request)), connection.Ending, () =>
            {
                _liveOutputSent = true;
                LiveOutputSent?.Invoke();
            });
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(stream) };
            response.Content.Headers.ContentType = new("text/event-stream");
            return Task.FromResult(response);
        }

        private static Task<HttpResponseMessage> Json(string body, int status = 200) =>
            Task.FromResult(new HttpResponseMessage((HttpStatusCode)status)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            });
    }

    /// <summary>
    /// A response body that gives its bytes, then ends, breaks, or waits (as a live stream does) until cancelled.
    /// </summary>
    private sealed class EventStream(byte[] data, Ending ending, Action openAndDrained) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(
            Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position < data.Length)
            {
                // A few bytes at a time, so events arrive split across reads as they do over a network.
                var count = Math.Min(Math.Min(buffer.Length, 7), data.Length - _position);
                data.AsMemory(_position, count).CopyTo(buffer);
                _position += count;
                return count;
            }
            switch (ending)
            {
                case Ending.Drop:
                    throw new IOException("The response ended prematurely.");
                case Ending.StayOpen:
                    openAndDrained();
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                    return 0;
                default:
                    return 0;
            }
        }

        public override Task<int> ReadAsync(
            byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) =>
            ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
