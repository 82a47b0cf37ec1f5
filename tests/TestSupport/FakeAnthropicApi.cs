using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Codewalkers.TestSupport;

/// <summary>
/// One scripted model turn: tool calls the real CLI executes, a final text, or an account usage limit.
/// </summary>
public abstract record Reply
{
    public sealed record Tools(params ToolCall[] Calls) : Reply;
    public sealed record Text(string Value) : Reply;
    public sealed record UsageLimit(DateTimeOffset ResetsAt) : Reply;
}

public sealed record ToolCall(string Name, object Input);

/// <summary>
/// The usage a fake model API reports for one answer: input apart from the cache, as Anthropic counts it (the OpenAI
/// fake adds the cached tokens into its input, as OpenAI counts it).
/// </summary>
public sealed record TokenUsage(int Input, int Output, int CacheRead = 0, int CacheWrite = 0);

/// <summary>
/// A small Anthropic Messages API (POST /v1/messages, streamed as server-sent events) that drives the real Claude CLI.
/// Each agent's conversation is found by a marker in its prompt (carried through resumes) and answered from its
/// script, one step per main-loop request; the step gets the agent's working directory, read from the request's
/// "Primary working directory: ..." line, so tool calls can use absolute paths. A request for a haiku model is a
/// helper's (a subagent the script started with <see cref="Steps.Helper"/>): it is answered at once, outside the script,
/// with the agent's helper usage (<see cref="ReportHelperUsage"/>).
/// </summary>
public sealed partial class FakeAnthropicApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ModelScripts<Reply> _scripts = new(keepEveryRequest: false);
    private readonly ConcurrentDictionary<string, TokenUsage> _usage = new();
    private readonly ConcurrentDictionary<string, TokenUsage> _helperUsage = new();
    private readonly ConcurrentDictionary<string, int> _helperRequests = new();
    private int _ids;

    /// <summary>What every answer reports unless its agent's usage was chosen.</summary>
    public static readonly TokenUsage DefaultUsage = new(10, 5);

    public string BaseUrl { get; }
    public ConcurrentQueue<string> Log { get; }

    private FakeAnthropicApi(WebApplication app, string baseUrl, ConcurrentQueue<string> log) =>
        (_app, BaseUrl, Log) = (app, baseUrl, log);

    public static async Task<FakeAnthropicApi> StartAsync()
    {
        FakeAnthropicApi? fake = null;
        var log = new ConcurrentQueue<string>();
        var app = await FakeModelServer.StartAsync("/v1/messages", http => fake!.HandleAsync(http), log);
        fake = new FakeAnthropicApi(app, app.Urls.First(), log);
        return fake;
    }

    /// <summary>Scripts the agent whose prompt contains <paramref name="marker"/>.</summary>
    public void Script(string marker, params Func<string, Reply>[] steps) => _scripts.Script(marker, steps);

    /// <summary>
    /// Scripts every agent whose prompt contains <paramref name="marker"/> from the first step (a retried task's new
    /// agent does its work again, as a real model would).
    /// </summary>
    public void ScriptForEachAgent(string marker, params Func<string, Reply>[] steps) =>
        _scripts.ScriptForEachAgent(marker, steps);

    public int StepsServed(string marker) => _scripts.StepsServed(marker);

    /// <summary>Every scripted answer to the agent with <paramref name="marker"/> reports <paramref name="usage"/>.</summary>
    public void ReportUsage(string marker, TokenUsage usage) => _usage[marker] = usage;

    /// <summary>Every answer to a helper (haiku) request of the agent with <paramref name="marker"/> reports it.</summary>
    public void ReportHelperUsage(string marker, TokenUsage usage) => _helperUsage[marker] = usage;

    /// <summary>How many requests the agent's helpers (subagents on a haiku model) made.</summary>
    public int HelperRequests(string marker) => _helperRequests.GetValueOrDefault(marker);

    /// <summary>
    /// The first scripted request of the agent with <paramref name="marker"/>: its prompt, as the model received it.
    /// </summary>
    public string? FirstRequest(string marker) => _scripts.Requests(marker).FirstOrDefault();

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        using var request = JsonDocument.Parse(body);
        var root = request.RootElement;
        var hasTools = root.TryGetProperty("tools", out var tools)
            && tools.ValueKind == JsonValueKind.Array
            && tools.GetArrayLength() > 0;
        var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var workdir = WorkdirPattern().Match(body) is { Success: true } m
            ? Regex.Unescape(m.Groups[1].Value).Trim()
            : null;
        var marker = _scripts.MarkerOf(body);
        var helper = root.TryGetProperty("model", out var model) && model.GetString()?.Contains("haiku") == true;

        Reply reply = new Reply.Text("OK.");
        if (helper && marker is not null)
        {
            _helperRequests.AddOrUpdate(marker, 1, (_, n) => n + 1);
            reply = new Reply.Text("Helper done.");
        }
        else if (marker is not null && hasTools && workdir is not null)
        {
            reply = _scripts.Next(marker, body, workdir, new Reply.Text("Finished."));
        }
        Log.Enqueue($"tools={hasTools} stream={stream} marker={marker} workdir={workdir} -> {reply.GetType().Name}");

        if (reply is Reply.UsageLimit limit)
        {
            http.Response.StatusCode = 429;
            http.Response.Headers["anthropic-ratelimit-unified-status"] = "rejected";
            http.Response.Headers["anthropic-ratelimit-unified-reset"] = limit.ResetsAt.ToUnixTimeSeconds().ToString();
            http.Response.Headers["anthropic-ratelimit-unified-representative-claim"] = "five_hour";
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(
                """{"type":"error","error":{"type":"rate_limit_error","message":"Usage limit reached"}}""");
            return;
        }
        var id = $"msg_{Interlocked.Increment(ref _ids)}";
        var blocks = reply switch
        {
            Reply.Tools t => t.Calls
                .Select(c => (object)new
                {
                    type = "tool_use", id = $"toolu_{Interlocked.Increment(ref _ids)}", name = c.Name, input = c.Input
                })
                .ToArray(),
            Reply.Text x => [new { type = "text", text = x.Value }],
            _ => [],
        };
        var stopReason = reply is Reply.Tools ? "tool_use" : "end_turn";
        var usage = marker is null ? DefaultUsage
            : helper ? _helperUsage.GetValueOrDefault(marker, DefaultUsage)
            : hasTools ? _usage.GetValueOrDefault(marker, DefaultUsage) : DefaultUsage;
        if (!stream)
        {
            await http.Response.WriteAsJsonAsync(new
            {
                id, type = "message", role = "assistant", model = "claude-sonnet-4-5", content = blocks,
                stop_reason = stopReason, stop_sequence = (string?)null,
                usage = new
                {
                    input_tokens = usage.Input, output_tokens = usage.Output,
                    cache_read_input_tokens = usage.CacheRead, cache_creation_input_tokens = usage.CacheWrite,
                },
            });
            return;
        }
        http.Response.ContentType = "text/event-stream";
        await SendAsync(http, "message_start", new
        {
            type = "message_start",
            message = new
            {
                id, type = "message", role = "assistant", model = "claude-sonnet-4-5", content = Array.Empty<object>(),
                stop_reason = (string?)null, stop_sequence = (string?)null,
                usage = new
                {
                    input_tokens = usage.Input, output_tokens = 1,
                    cache_read_input_tokens = usage.CacheRead, cache_creation_input_tokens = usage.CacheWrite,
                },
            },
        });
        for (var i = 0; i < blocks.Length; i++)
        {
            var block = JsonSerializer.SerializeToElement(blocks[i]);
            if (block.GetProperty("type").GetString() == "tool_use")
            {
                await SendAsync(http, "content_block_start", new
                {
                    type = "content_block_start", index = i,
                    content_block = new
                    {
                        type = "tool_use", id = block.GetProperty("id").GetString(),
                        name = block.GetProperty("name").GetString(), input = new { }
                    }
                });
                await SendAsync(http, "content_block_delta", new
                {
                    type = "content_block_delta", index = i,
                    delta = new { type = "input_json_delta", partial_json = block.GetProperty("input").GetRawText() }
                });
            }
            else
            {
                await SendAsync(http, "content_block_start", new
                {
                    type = "content_block_start", index = i,
                    content_block = new { type = "text", text = "" }
                });
                await SendAsync(http, "content_block_delta", new
                {
                    type = "content_block_delta", index = i,
                    delta = new { type = "text_delta", text = block.GetProperty("text").GetString() }
                });
            }
            await SendAsync(http, "content_block_stop", new { type = "content_block_stop", index = i });
        }
        await SendAsync(http, "message_delta", new
        {
            type = "message_delta",
            delta = new { stop_reason = stopReason, stop_sequence = (string?)null },
            usage = new { output_tokens = usage.Output }
        });
        await SendAsync(http, "message_stop", new { type = "message_stop" });
    }

    private static async Task SendAsync(HttpContext http, string name, object data)
    {
        await http.Response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(data)}\n\n");
        await http.Response.Body.FlushAsync();
    }

    [GeneratedRegex(@"Primary working directory: ([^\n""\\]+)")]
    private static partial Regex WorkdirPattern();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Script steps that make the CLI do real work.</summary>
public static class Steps
{
    public static Func<string, Reply> Write(string relativePath, string content) =>
        workdir => new Reply.Tools(
            new ToolCall("Write", new { file_path = Path.Combine(workdir, relativePath), content }));

    public static Func<string, Reply> Bash(string command) =>
        _ => new Reply.Tools(new ToolCall("Bash", new { command, description = "run" }));

    public static Func<string, Reply> Signal(object signal) =>
        workdir => new Reply.Tools(new ToolCall("Write", new
        {
            file_path = Path.Combine(workdir, ".cw/output/signal.json"),
            content = JsonSerializer.Serialize(signal)
        }));

    public static Func<string, Reply> Say(string text) => _ => new Reply.Text(text);

    /// <summary>
    /// Starts a subagent on a haiku model (Claude Code's Agent tool) and waits for it: a helper whose requests the
    /// fake answers at once (<see cref="FakeAnthropicApi.ReportHelperUsage"/>). <paramref name="prompt"/> must carry
    /// the agent's marker for its requests to count as the agent's.
    /// </summary>
    public static Func<string, Reply> Helper(string prompt) =>
        _ => new Reply.Tools(new ToolCall("Agent", new
        {
            description = "helper", prompt, subagent_type = "general-purpose", model = "haiku",
            run_in_background = false,
        }));

    public static Func<string, Reply> Limit(DateTimeOffset resetsAt) => _ => new Reply.UsageLimit(resetsAt);
}
