using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Codewalkers.TestSupport;

/// <summary>One scripted Responses API answer: a shell command the real Codex CLI runs, a final text, or a failure.</summary>
public abstract record CodexReply
{
    /// <summary>An <c>exec_command</c> function call: the CLI runs <paramref name="Command"/> in its working directory.</summary>
    public sealed record Run(string Command) : CodexReply;
    public sealed record Text(string Value) : CodexReply;
    /// <summary>An HTTP error (500: server error; the CLI gives up at once as its retries are set to 0).</summary>
    public sealed record Fail(int Status) : CodexReply;
    /// <summary>HTTP 429 usage_limit_reached: the account is exhausted until <paramref name="ResetsAt"/>.</summary>
    public sealed record UsageLimit(DateTimeOffset ResetsAt) : CodexReply;
}

/// <summary>
/// A small OpenAI Responses API (POST /v1/responses, streamed as server-sent events) that drives the real Codex CLI
/// (checked with codex-cli 0.169.0). Each agent's conversation is found by a marker in its prompt (a resumed thread's
/// request carries the whole history, so the marker too) and answered from its script, one step per request; the step
/// gets the agent's working directory, read from the request's <c>&lt;cwd&gt;</c> environment context. Every answer
/// reports <see cref="InputTokensPerResponse"/> and <see cref="OutputTokensPerResponse"/> as its usage, unless the
/// agent's usage was chosen (<see cref="ReportUsage"/>).
/// </summary>
public sealed partial class FakeOpenAiResponsesApi : IAsyncDisposable
{
    public const int InputTokensPerResponse = 120;
    public const int OutputTokensPerResponse = 8;
    public const string Model = "gpt-fake";
    private static readonly TokenUsage DefaultUsage = new(InputTokensPerResponse, OutputTokensPerResponse);
    /// <summary>The environment variable the CLI reads the API key from (named in the config.toml).</summary>
    public const string KeyVariable = "CW_FAKE_OPENAI_KEY";

    private readonly WebApplication _app;
    private readonly ModelScripts<CodexReply> _scripts = new(keepEveryRequest: true);
    private readonly ConcurrentDictionary<string, TokenUsage> _usage = new();
    private int _ids;

    public string BaseUrl { get; }
    public ConcurrentQueue<string> Log { get; }

    private FakeOpenAiResponsesApi(WebApplication app, string baseUrl, ConcurrentQueue<string> log) =>
        (_app, BaseUrl, Log) = (app, baseUrl, log);

    public static async Task<FakeOpenAiResponsesApi> StartAsync()
    {
        FakeOpenAiResponsesApi? fake = null;
        var log = new ConcurrentQueue<string>();
        var app = await FakeModelServer.StartAsync("/v1/responses", http => fake!.HandleAsync(http), log);
        fake = new FakeOpenAiResponsesApi(app, app.Urls.First(), log);
        return fake;
    }

    /// <summary>
    /// Writes the config.toml that points the Codex CLI at this fake into <paramref name="codexHome"/> (what
    /// CODEX_HOME names): a custom model provider speaking the Responses API, with the CLI's own retries off so a
    /// failure scripted here reaches the service at once.
    /// </summary>
    public void WriteCodexConfig(string codexHome)
    {
        Directory.CreateDirectory(codexHome);
        File.WriteAllText(Path.Combine(codexHome, "config.toml"), $"""
            model = "{Model}"
            model_provider = "fake"

            [model_providers.fake]
            name = "fake"
            base_url = "{BaseUrl}/v1"
            wire_api = "responses"
            env_key = "{KeyVariable}"
            request_max_retries = 0
            stream_max_retries = 0
            """);
    }

    /// <summary>Scripts the agent whose prompt contains <paramref name="marker"/>.</summary>
    public void Script(string marker, params Func<string, CodexReply>[] steps) => _scripts.Script(marker, steps);

    public int StepsServed(string marker) => _scripts.StepsServed(marker);

    /// <summary>
    /// Every answer to the agent with <paramref name="marker"/> reports <paramref name="usage"/>: its cached and
    /// cache-written tokens counted inside input_tokens, as the Responses API counts them.
    /// </summary>
    public void ReportUsage(string marker, TokenUsage usage) => _usage[marker] = usage;

    /// <summary>The request bodies the agent with <paramref name="marker"/> sent, in order.</summary>
    public IReadOnlyList<string> Requests(string marker) => _scripts.Requests(marker);

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var workdir = WorkdirPattern().Match(body) is { Success: true } m ? Regex.Unescape(m.Groups[1].Value) : null;
        var marker = _scripts.MarkerOf(body);
        CodexReply reply = new CodexReply.Text("OK.");
        if (marker is not null && workdir is not null)
        {
            reply = _scripts.Next(marker, body, workdir, new CodexReply.Text("Finished."));
        }
        Log.Enqueue($"marker={marker} workdir={workdir} -> {reply}");

        switch (reply)
        {
            case CodexReply.Fail fail:
                await ErrorAsync(http, fail.Status, new { message = "The server had an error.", type = "server_error" });
                return;
            case CodexReply.UsageLimit limit:
                // What the ChatGPT backend sends an exhausted account: the CLI prints "You've hit your usage limit.
                // ... try again at <time>." from it.
                await ErrorAsync(http, 429, new
                {
                    message = "You've hit your usage limit.", type = "usage_limit_reached",
                    resets_at = limit.ResetsAt.ToUnixTimeSeconds(), plan_type = "plus",
                });
                return;
        }
        var usage = marker is not null ? _usage.GetValueOrDefault(marker, DefaultUsage) : DefaultUsage;
        var input = usage.Input + usage.CacheRead + usage.CacheWrite;
        var id = $"resp_{Interlocked.Increment(ref _ids)}";
        object item = reply switch
        {
            CodexReply.Run run => new
            {
                type = "function_call", id = $"fc_{id}", call_id = $"call_{id}", name = "exec_command",
                // No login shell (profiles make it slow) and the longest wait the CLI allows: a command still running
                // after the wait is left in the background, and the turn's next step would race it.
                arguments = JsonSerializer.Serialize(new { cmd = run.Command, login = false, yield_time_ms = 30000 }),
                status = "completed",
            },
            CodexReply.Text text => new
            {
                type = "message", id = $"msg_{id}", role = "assistant", status = "completed",
                content = new[] { new { type = "output_text", text = text.Value, annotations = Array.Empty<object>() } },
            },
            _ => throw new InvalidOperationException($"Unexpected reply {reply}."),
        };
        http.Response.ContentType = "text/event-stream";
        await SendAsync(http, "response.created", new { type = "response.created", response = new { id } });
        await SendAsync(http, "response.output_item.added",
            new { type = "response.output_item.added", output_index = 0, item });
        await SendAsync(http, "response.output_item.done",
            new { type = "response.output_item.done", output_index = 0, item });
        await SendAsync(http, "response.completed", new
        {
            type = "response.completed",
            response = new
            {
                id,
                usage = new
                {
                    input_tokens = input, output_tokens = usage.Output, total_tokens = input + usage.Output,
                    input_tokens_details = new { cached_tokens = usage.CacheRead, cache_write_tokens = usage.CacheWrite },
                    output_tokens_details = new { reasoning_tokens = 0 },
                },
            },
        });
    }

    private static async Task ErrorAsync(HttpContext http, int status, object error)
    {
        http.Response.StatusCode = status;
        await http.Response.WriteAsJsonAsync(new { error });
    }

    private static async Task SendAsync(HttpContext http, string name, object data)
    {
        await http.Response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(data)}\n\n");
        await http.Response.Body.FlushAsync();
    }

    [GeneratedRegex(@"<cwd>([^<]+)</cwd>")]
    private static partial Regex WorkdirPattern();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Script steps that make the Codex CLI do real work, each one shell command.</summary>
public static class CodexSteps
{
    public static Func<string, CodexReply> Run(string command) => _ => new CodexReply.Run(command);

    /// <summary>Writes <paramref name="content"/> to a path relative to the working directory (base64: no quoting).</summary>
    public static Func<string, CodexReply> Write(string relativePath, string content) =>
        _ => new CodexReply.Run(WriteCommand(relativePath, content));

    /// <summary>The agent's last action, as the prompt asks: <c>.cw/output/signal.json</c>.</summary>
    public static Func<string, CodexReply> Signal(object signal) =>
        Write(".cw/output/signal.json", JsonSerializer.Serialize(signal));

    public static Func<string, CodexReply> Say(string text) => _ => new CodexReply.Text(text);

    public static Func<string, CodexReply> Fail(int status) => _ => new CodexReply.Fail(status);

    public static Func<string, CodexReply> Limit(DateTimeOffset resetsAt) => _ => new CodexReply.UsageLimit(resetsAt);

    private static string WriteCommand(string relativePath, string content)
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(content));
        var directory = Path.GetDirectoryName(relativePath);
        var mkdir = string.IsNullOrEmpty(directory) ? "" : $"mkdir -p '{directory}' && ";
        return $"{mkdir}echo {encoded} | base64 -d > '{relativePath}'";
    }
}
