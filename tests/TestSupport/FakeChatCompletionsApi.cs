using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Codewalkers.TestSupport;

/// <summary>
/// A small OpenAI-compatible chat-completions API (POST /v1/chat/completions, streamed as server-sent chunks) that
/// drives the real OpenCode CLI (checked with opencode-ai 1.18.33 through its @ai-sdk/openai-compatible provider). Each
/// agent is found by a marker in its prompt and answered from its script, one step per request that offers tools: the
/// shell-command steps of the Codex fake (<see cref="CodexSteps"/>: a <c>bash</c> tool call the CLI runs in its working
/// directory, or a text). A request without tools (the CLI's session title) is answered with a title and no usage.
/// Every scripted answer reports <see cref="InputTokensPerResponse"/> and <see cref="OutputTokensPerResponse"/>, or
/// the agent's chosen usage (<see cref="ReportUsage"/>: cache reads counted inside prompt_tokens, as OpenAI does).
/// </summary>
public sealed partial class FakeChatCompletionsApi : IAsyncDisposable
{
    public const int InputTokensPerResponse = 210;
    public const int OutputTokensPerResponse = 12;
    public const string Provider = "fake";
    public const string Model = "fake-chat";
    private static readonly TokenUsage DefaultUsage = new(InputTokensPerResponse, OutputTokensPerResponse);

    private readonly WebApplication _app;
    private readonly ModelScripts<CodexReply> _scripts = new(keepEveryRequest: true);
    private readonly ConcurrentDictionary<string, TokenUsage> _usage = new();
    private int _ids;

    public string BaseUrl { get; }
    public ConcurrentQueue<string> Log { get; }

    private FakeChatCompletionsApi(WebApplication app, string baseUrl, ConcurrentQueue<string> log) =>
        (_app, BaseUrl, Log) = (app, baseUrl, log);

    public static async Task<FakeChatCompletionsApi> StartAsync()
    {
        FakeChatCompletionsApi? fake = null;
        var log = new ConcurrentQueue<string>();
        var app = await FakeModelServer.StartAsync("/v1/chat/completions", http => fake!.HandleAsync(http), log);
        fake = new FakeChatCompletionsApi(app, app.Urls.First(), log);
        return fake;
    }

    /// <summary>
    /// Writes the opencode.json (what OPENCODE_CONFIG names) that makes the CLI use this fake as its model: a custom
    /// OpenAI-compatible provider <c>fake</c> with the model <c>fake-chat</c>. Returns its path.
    /// </summary>
    public string WriteOpenCodeConfig(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "opencode.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["provider"] = new Dictionary<string, object>
            {
                [Provider] = new
                {
                    npm = "@ai-sdk/openai-compatible", name = "Fake",
                    options = new { baseURL = $"{BaseUrl}/v1", apiKey = "test-key" },
                    models = new Dictionary<string, object> { [Model] = new { name = "Fake chat model" } },
                },
            },
            ["model"] = $"{Provider}/{Model}",
        }));
        return path;
    }

    /// <summary>Scripts the agent whose prompt contains <paramref name="marker"/>.</summary>
    public void Script(string marker, params Func<string, CodexReply>[] steps) => _scripts.Script(marker, steps);

    public int StepsServed(string marker) => _scripts.StepsServed(marker);

    public void ReportUsage(string marker, TokenUsage usage) => _usage[marker] = usage;

    /// <summary>The request bodies the agent with <paramref name="marker"/> sent, in order.</summary>
    public IReadOnlyList<string> Requests(string marker) => _scripts.Requests(marker);

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        using var request = JsonDocument.Parse(body);
        var hasTools = request.RootElement.TryGetProperty("tools", out var tools)
            && tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() > 0;
        var workdir = WorkdirPattern().Match(body) is { Success: true } m ? m.Groups[1].Value.Trim() : "";
        var marker = _scripts.MarkerOf(body);
        CodexReply reply = new CodexReply.Text("Agent task");
        var usage = new TokenUsage(0, 0);
        if (marker is not null && hasTools)
        {
            reply = _scripts.Next(marker, body, workdir, new CodexReply.Text("Finished."));
            usage = _usage.GetValueOrDefault(marker, DefaultUsage);
        }
        Log.Enqueue($"tools={hasTools} marker={marker} -> {reply}");
        if (reply is CodexReply.Fail fail)
        {
            http.Response.StatusCode = fail.Status;
            await http.Response.WriteAsJsonAsync(new { error = new { message = "The server had an error.", type = "server_error" } });
            return;
        }

        var id = $"chatcmpl-{Interlocked.Increment(ref _ids)}";
        http.Response.ContentType = "text/event-stream";
        switch (reply)
        {
            case CodexReply.Run run:
                await SendAsync(http, Chunk(id, new
                {
                    role = "assistant",
                    tool_calls = new[]
                    {
                        new
                        {
                            index = 0, id = $"call_{id}", type = "function",
                            function = new
                            {
                                name = "bash",
                                arguments = JsonSerializer.Serialize(new { command = run.Command, description = "run" }),
                            },
                        },
                    },
                }, null));
                await SendAsync(http, Chunk(id, new { }, "tool_calls"));
                break;
            case CodexReply.Text text:
                await SendAsync(http, Chunk(id, new { role = "assistant", content = text.Value }, null));
                await SendAsync(http, Chunk(id, new { }, "stop"));
                break;
            default:
                throw new InvalidOperationException($"Unexpected reply {reply}.");
        }
        await SendAsync(http, new
        {
            id, @object = "chat.completion.chunk", created = 1, model = Model, choices = Array.Empty<object>(),
            usage = new
            {
                prompt_tokens = usage.Input + usage.CacheRead, completion_tokens = usage.Output,
                total_tokens = usage.Input + usage.CacheRead + usage.Output,
                prompt_tokens_details = new { cached_tokens = usage.CacheRead },
            },
        });
        await http.Response.WriteAsync("data: [DONE]\n\n");
        await http.Response.Body.FlushAsync();
    }

    private static object Chunk(string id, object delta, string? finishReason) => new
    {
        id, @object = "chat.completion.chunk", created = 1, model = Model,
        choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
    };

    private static async Task SendAsync(HttpContext http, object chunk)
    {
        await http.Response.WriteAsync($"data: {JsonSerializer.Serialize(chunk)}\n\n");
        await http.Response.Body.FlushAsync();
    }

    [GeneratedRegex(@"Working directory: ([^\n""\\]+)")]
    private static partial Regex WorkdirPattern();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
