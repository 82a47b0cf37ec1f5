using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Codewalkers.TestSupport;

/// <summary>One scripted Gemini API answer: a shell command the real Gemini CLI runs, a final text, or a failure.</summary>
public abstract record GeminiReply
{
    /// <summary>A <c>run_shell_command</c> function call: the CLI runs <paramref name="Command"/> in its working directory.</summary>
    public sealed record Run(string Command) : GeminiReply;
    public sealed record Text(string Value) : GeminiReply;
    /// <summary>An HTTP error with a Google API error body (500 INTERNAL, 401 UNAUTHENTICATED, ...).</summary>
    public sealed record Fail(int Status, string GoogleStatus, string Message) : GeminiReply;
    /// <summary>
    /// HTTP 429 RESOURCE_EXHAUSTED with a per-day QuotaFailure, as the Gemini API answers a key whose daily quota is
    /// spent: the CLI does not retry it and reports "You have exhausted your daily quota on this model."
    /// </summary>
    public sealed record DailyQuota : GeminiReply;
}

/// <summary>
/// A small Gemini API (POST /v1beta/models/&lt;model&gt;:streamGenerateContent?alt=sse, streamed as server-sent
/// events) that drives the real Gemini CLI (checked with @google/gemini-cli 0.61.0), which takes it as its base URL
/// from GOOGLE_GEMINI_BASE_URL. Each agent's conversation is found by a marker in its prompt (a resumed session's
/// request carries the whole history, so the marker too) and answered from its script, one step per request; the step
/// gets the agent's working directory, read from the request's "Workspace Directories" session context. Every answer
/// reports <see cref="InputTokensPerResponse"/> and <see cref="OutputTokensPerResponse"/> as its usageMetadata, unless
/// the agent's usage was chosen (<see cref="ReportUsage"/>). A
/// request without the API key the CLI was given is answered 401.
/// </summary>
public sealed partial class FakeGeminiApi : IAsyncDisposable
{
    public const int InputTokensPerResponse = 150;
    public const int OutputTokensPerResponse = 9;
    /// <summary>A model name the CLI knows (an unknown one still works, with warnings).</summary>
    public const string Model = "gemini-2.5-flash";
    public const string ApiKey = "test-gemini-key";
    private static readonly TokenUsage DefaultUsage = new(InputTokensPerResponse, OutputTokensPerResponse);
    private readonly ConcurrentDictionary<string, TokenUsage> _usage = new();

    private readonly WebApplication _app;
    private readonly ModelScripts<GeminiReply> _scripts = new(keepEveryRequest: true);

    public string BaseUrl { get; }
    public ConcurrentQueue<string> Log { get; }

    private FakeGeminiApi(WebApplication app, string baseUrl, ConcurrentQueue<string> log) =>
        (_app, BaseUrl, Log) = (app, baseUrl, log);

    public static async Task<FakeGeminiApi> StartAsync()
    {
        FakeGeminiApi? fake = null;
        var log = new ConcurrentQueue<string>();
        var app = await FakeModelServer.StartAsync("/v1beta/models/{**call}", http => fake!.HandleAsync(http), log);
        fake = new FakeGeminiApi(app, app.Urls.First(), log);
        return fake;
    }

    /// <summary>
    /// What the CLI's environment needs to use this fake: the base URL, and an API key (the auth mode that needs no
    /// Google login).
    /// </summary>
    public IReadOnlyDictionary<string, string> CliEnvironment => new Dictionary<string, string>
    {
        ["GOOGLE_GEMINI_BASE_URL"] = BaseUrl, ["GEMINI_API_KEY"] = ApiKey,
    };

    /// <summary>
    /// Writes the settings.json the CLI reads from <c>&lt;geminiCliHome&gt;/.gemini/</c> (what GEMINI_CLI_HOME names):
    /// the API-key auth type (with a base URL set and no auth type, the CLI picks "gateway" and refuses to start), a
    /// fixed model (the default "auto" asks a router model first), one attempt per request so a scripted failure
    /// reaches the service at once, and no usage statistics.
    /// </summary>
    public void WriteGeminiSettings(string geminiCliHome)
    {
        var dir = Path.Combine(geminiCliHome, ".gemini");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "settings.json"), JsonSerializer.Serialize(new
        {
            security = new { auth = new { selectedType = "gemini-api-key" } },
            model = new { name = Model },
            general = new { maxAttempts = 1, enableAutoUpdate = false, enableAutoUpdateNotification = false },
            privacy = new { usageStatisticsEnabled = false },
        }));
    }

    /// <summary>Scripts the agent whose prompt contains <paramref name="marker"/>.</summary>
    public void Script(string marker, params Func<string, GeminiReply>[] steps) => _scripts.Script(marker, steps);

    public int StepsServed(string marker) => _scripts.StepsServed(marker);

    /// <summary>
    /// Every answer to the agent with <paramref name="marker"/> reports <paramref name="usage"/>: its cache reads as
    /// cachedContentTokenCount, counted inside promptTokenCount as the Gemini API counts them (no cache writes).
    /// </summary>
    public void ReportUsage(string marker, TokenUsage usage) => _usage[marker] = usage;

    /// <summary>The request bodies the agent with <paramref name="marker"/> sent, in order.</summary>
    public IReadOnlyList<string> Requests(string marker) => _scripts.Requests(marker);

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var call = http.Request.Path.Value ?? "";
        if (http.Request.Headers["x-goog-api-key"] != ApiKey)
        {
            Log.Enqueue($"{call}: no or wrong API key");
            await ErrorAsync(http, new GeminiReply.Fail(401, "UNAUTHENTICATED", "API key missing."));
            return;
        }
        if (!call.EndsWith(":streamGenerateContent", StringComparison.Ordinal))
        {
            // A side request (a router or a summary): answered without using a script step.
            Log.Enqueue($"{call}: side request");
            await http.Response.WriteAsJsonAsync(Response(new { text = "{}" }, DefaultUsage));
            return;
        }
        var workdir = WorkdirPattern().Match(body) is { Success: true } m
            ? JsonSerializer.Deserialize<string>($"\"{m.Groups[1].Value}\"") : null;
        var marker = _scripts.MarkerOf(body);
        GeminiReply reply = new GeminiReply.Text("OK.");
        if (marker is not null && workdir is not null)
            reply = _scripts.Next(marker, body, workdir, new GeminiReply.Text("Finished."));
        Log.Enqueue($"marker={marker} workdir={workdir} -> {reply}");

        object part;
        switch (reply)
        {
            case GeminiReply.Fail or GeminiReply.DailyQuota:
                await ErrorAsync(http, reply);
                return;
            case GeminiReply.Run run:
                part = new { functionCall = new { name = "run_shell_command", args = new { command = run.Command } } };
                break;
            case GeminiReply.Text text:
                part = new { text = text.Value };
                break;
            default:
                throw new InvalidOperationException($"Unexpected reply {reply}.");
        }
        var usage = marker is not null ? _usage.GetValueOrDefault(marker, DefaultUsage) : DefaultUsage;
        http.Response.ContentType = "text/event-stream";
        await http.Response.WriteAsync($"data: {JsonSerializer.Serialize(Response(part, usage))}\r\n\r\n");
        await http.Response.Body.FlushAsync();
    }

    private static object Response(object part, TokenUsage usage) => new
    {
        candidates = new[]
        {
            new { content = new { role = "model", parts = new[] { part } }, finishReason = "STOP", index = 0 },
        },
        usageMetadata = new
        {
            promptTokenCount = usage.Input + usage.CacheRead, candidatesTokenCount = usage.Output,
            cachedContentTokenCount = usage.CacheRead,
            totalTokenCount = usage.Input + usage.CacheRead + usage.Output,
        },
        modelVersion = Model,
    };

    private static async Task ErrorAsync(HttpContext http, GeminiReply reply)
    {
        object error = reply switch
        {
            GeminiReply.Fail fail => new { code = fail.Status, message = fail.Message, status = fail.GoogleStatus },
            // The shape the Gemini API sends for a spent free-tier daily quota.
            _ => new
            {
                code = 429, status = "RESOURCE_EXHAUSTED",
                message = "You exceeded your current quota, please check your plan and billing details.\n* Quota "
                    + "exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, "
                    + "limit: 250\nPlease retry in 20.5s.",
                details = new object[]
                {
                    new Dictionary<string, object>
                    {
                        ["@type"] = "type.googleapis.com/google.rpc.QuotaFailure",
                        ["violations"] = new[]
                        {
                            new
                            {
                                quotaMetric = "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                                quotaId = "GenerateRequestsPerDayPerProjectPerModel-FreeTier", quotaValue = "250",
                            },
                        },
                    },
                    new Dictionary<string, object>
                    {
                        ["@type"] = "type.googleapis.com/google.rpc.RetryInfo", ["retryDelay"] = "20s",
                    },
                },
            },
        };
        http.Response.StatusCode = reply is GeminiReply.Fail f ? f.Status : 429;
        await http.Response.WriteAsJsonAsync(new { error });
    }

    [GeneratedRegex(@"Workspace Directories:\*\*\\n\s*- (.+?)\\n")]
    private static partial Regex WorkdirPattern();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Script steps that make the Gemini CLI do real work, each one shell command.</summary>
public static class GeminiSteps
{
    public static Func<string, GeminiReply> Run(string command) => _ => new GeminiReply.Run(command);

    /// <summary>Writes <paramref name="content"/> to a path relative to the working directory (base64: no quoting).</summary>
    public static Func<string, GeminiReply> Write(string relativePath, string content)
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(content));
        var directory = Path.GetDirectoryName(relativePath);
        var mkdir = string.IsNullOrEmpty(directory) ? "" : $"mkdir -p '{directory}' && ";
        return Run($"{mkdir}echo {encoded} | base64 -d > '{relativePath}'");
    }

    /// <summary>The agent's last action, as the prompt asks: <c>.cw/output/signal.json</c>.</summary>
    public static Func<string, GeminiReply> Signal(object signal) =>
        Write(".cw/output/signal.json", JsonSerializer.Serialize(signal));

    public static Func<string, GeminiReply> Say(string text) => _ => new GeminiReply.Text(text);

    public static Func<string, GeminiReply> ServerError() =>
        _ => new GeminiReply.Fail(500, "INTERNAL", "An internal error has occurred. Please retry.");

    public static Func<string, GeminiReply> Unauthorized() =>
        _ => new GeminiReply.Fail(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");

    public static Func<string, GeminiReply> DailyQuota() => _ => new GeminiReply.DailyQuota();
}
