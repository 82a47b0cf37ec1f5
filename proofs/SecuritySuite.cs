using Codewalkers.EndToEnd.Tests.Infrastructure;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Codewalkers.Proofs;

/// <summary>
/// Refuses strangers: every route of every service's OpenAPI document without a token, with a wrong one and with the
/// token in the query string (through the gateway and on each service's own port), listeners off loopback, foreign
/// Host and Origin headers, a fuzzer over every write route, and secrets where they must never appear.
/// </summary>
public sealed class SecuritySuite(RunningSystem system)
{
    public const int MinimumFuzzRequests = 3000;
    private const string ForeignHost = "evil.example";
    private const string ForeignOrigin = "http://evil.example";
    private static readonly string[] Services = ["planning", "agents", "collaboration", "errands"];

    private readonly ProofTable _table = new("security");
    private SecretSweep _secrets = null!;

    public async Task<ProofTable> RunAsync()
    {
        var token = system.ApiToken;
        // Recognisable fake credentials: found anywhere but their own store, they were leaked.
        var accessToken = "sk-ant-oat01-PROOF" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var refreshToken = "sk-ant-ort01-PROOF" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _secrets = new SecretSweep(new Dictionary<string, string>
        {
            ["API token"] = token, ["account access token"] = accessToken, ["account refresh token"] = refreshToken,
        });

        var ownPorts = RunningSystem.Programs.ToDictionary(p => p.Resource, p => system.OwnPort(p.Program));
        using var gateway = Client(system.GatewayUrl);
        var routes = new List<ApiRoute>();
        foreach (var service in Services) routes.AddRange(await OpenApiRoutes.ReadAsync(service, ownPorts[service], token));

        var accountId = await AddAccountAsync(gateway, token, accessToken, refreshToken);
        await CheckTokensAsync(routes, ownPorts, token);
        CheckListeners();
        await CheckForeignHostAsync(ownPorts, token);
        await CheckForeignOriginAsync(ownPorts, token);
        await FuzzAsync(gateway, token, routes);
        await CheckSecretsAsync(accountId);
        return _table;
    }

    private async Task<string> AddAccountAsync(HttpClient gateway, string token, string access, string refresh)
    {
        var body = new JsonObject
        {
            ["email"] = "proof-secrets@example.com", ["provider"] = "claude",
            ["credentials"] = new JsonObject
            {
                ["claudeAiOauth"] = new JsonObject { ["accessToken"] = access, ["refreshToken"] = refresh },
            },
            ["config"] = new JsonObject { ["oauthAccount"] = new JsonObject { ["emailAddress"] = "proof-secrets@example.com" } },
        };
        using var request = Answer.Request(HttpMethod.Post, "/api/accounts", token, JsonContent.Create(body));
        var answer = await Answer.SendAsync(gateway, request, _secrets.SeeResponse);
        if (answer.Status != 201) throw new InvalidOperationException($"Adding the account answered {answer}: {answer.Body}");
        // The same account again: a 409 that must not echo what was sent.
        using var again = Answer.Request(HttpMethod.Post, "/api/accounts", token, JsonContent.Create(body));
        await Answer.SendAsync(gateway, again, _secrets.SeeResponse);
        return JsonNode.Parse(answer.Body)!["id"]!.GetValue<string>();
    }

    /// <summary>Every route x every way of not holding the token, through the gateway and on the service's own port.</summary>
    private async Task CheckTokensAsync(
        IReadOnlyList<ApiRoute> routes, IReadOnlyDictionary<string, Uri> ownPorts, string token)
    {
        var forgedAgentToken = "cwa." + new string('A', 21) + "." + new string('B', 43);
        (string Name, string? Bearer, string Query)[] ways =
        [
            ("no token", null, ""),
            ("a wrong token", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), ""),
            ("a forged agent token", forgedAgentToken, ""),
            ("the token in the query string", null,
                $"?token={token}&access_token={token}&api_key={token}"),
        ];
        foreach (var (name, bearer, query) in ways)
        {
            foreach (var direct in new[] { false, true })
            {
                var open = new List<string>();
                foreach (var route in routes)
                {
                    using var client = Client(direct ? ownPorts[route.Service] : system.GatewayUrl);
                    using var request = Answer.Request(new HttpMethod(route.Method),
                        route.PathWith(new string('x', 21)) + query, bearer,
                        route.IsWrite ? JsonContent.Create(new JsonObject()) : null);
                    var answer = await Answer.SendAsync(client, request, _secrets.SeeResponse, headersOnly: true);
                    if (answer.Status != 401 || !answer.IsProblemDetails) open.Add($"  {route} -> {answer}");
                }
                _table.Add($"every OpenAPI route with {name}, {(direct ? "on each service's own port" : "via the gateway")}",
                    routes.Count, "401 ProblemDetails", $"{routes.Count - open.Count} of {routes.Count}", open.Count == 0,
                    string.Join('\n', open));
            }
        }

        var documents = new List<string>();
        foreach (var service in Services)
        {
            using var client = Client(ownPorts[service]);
            using var request = Answer.Request(HttpMethod.Get, "/openapi/v1.json", null);
            var answer = await Answer.SendAsync(client, request, _secrets.SeeResponse);
            if (answer.Status != 401) documents.Add($"  {service} -> {answer}");
        }
        _table.Add("the OpenAPI documents without a token, on each service's own port", Services.Length, "401",
            $"{Services.Length - documents.Count} of {Services.Length}", documents.Count == 0, string.Join('\n', documents));
    }

    private void CheckListeners()
    {
        var processes = system.Processes();
        var listeners = LinuxProcesses.Listeners().Where(l => processes.Contains(l.Pid)).ToList();
        var exposed = listeners.Where(l => !LinuxProcesses.IsLoopback(l.Address)).ToList();
        _table.Add($"listening sockets of the system's {processes.Count} processes", listeners.Count,
            "0 off 127.0.0.1/::1", $"{exposed.Count} off loopback", exposed.Count == 0,
            string.Join('\n', exposed.Select(l => $"  {l}")));
    }

    /// <summary>A page on another site that rebinds its name to 127.0.0.1 still sends its own Host: refused.</summary>
    private async Task CheckForeignHostAsync(IReadOnlyDictionary<string, Uri> ownPorts, string token)
    {
        (string Name, Uri Url, string Path)[] targets =
        [
            ("gateway", system.GatewayUrl, "/api/projects"),
            .. Services.Select(s => (s, ownPorts[s], "/api/projects")),
            ("web app", ownPorts["web"], "/"),
            ("gateway -> web app", system.GatewayUrl, "/"),
            ("dashboard", system.DashboardUrl, "/"),
            ("dashboard OTLP/HTTP", system.OtlpUrl, "/v1/logs"),
        ];
        var accepted = new List<string>();
        foreach (var (name, url, path) in targets)
        {
            using var client = Client(url);
            using var request = Answer.Request(HttpMethod.Get, path, token);
            request.Headers.Host = ForeignHost;
            var answer = await Answer.SendAsync(client, request, _secrets.SeeResponse);
            if (answer.Status != 400) accepted.Add($"  {name} {path} -> {answer}");
        }
        _table.Add("foreign Host header (with the token) on the gateway, services, web app, dashboard", targets.Length,
            "400", $"{targets.Length - accepted.Count} of {targets.Length} refused", accepted.Count == 0,
            string.Join('\n', accepted));
    }

    /// <summary>
    /// A page on another site, as a browser sends it: the API grants it no CORS (its preflight and its calls carry no
    /// Access-Control-Allow-Origin, so the browser neither sends the call nor shows the answer); the web app and the
    /// dashboard refuse its writes and WebSockets even with their sign-in cookie.
    /// </summary>
    private async Task CheckForeignOriginAsync(IReadOnlyDictionary<string, Uri> ownPorts, string token)
    {
        var granted = new List<string>();
        var apis = new List<(string, Uri)> { ("gateway", system.GatewayUrl) };
        apis.AddRange(Services.Select(s => (s, ownPorts[s])));
        foreach (var (name, url) in apis)
        {
            using var client = Client(url);
            using var preflight = Answer.Request(HttpMethod.Options, "/api/projects", null);
            preflight.Headers.Add("Origin", ForeignOrigin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
            var first = await Answer.SendAsync(client, preflight, _secrets.SeeResponse);
            using var call = Answer.Request(HttpMethod.Get, "/api/projects", token);
            call.Headers.Add("Origin", ForeignOrigin);
            var second = await Answer.SendAsync(client, call, _secrets.SeeResponse);
            foreach (var (what, answer) in new[] { ("preflight", first), ("GET with token", second) })
            {
                if (answer.Header("Access-Control-Allow-Origin") is { } allowed)
                    granted.Add($"  {name} {what}: Access-Control-Allow-Origin: {allowed}");
            }
        }
        _table.Add("foreign Origin on the API (preflight, call with token), gateway and services", apis.Count * 2,
            "no CORS grant", $"{granted.Count} granted", granted.Count == 0, string.Join('\n', granted));

        var accepted = new List<string>();
        var tried = 0;
        foreach (var (name, url) in new[] { ("web app via the gateway", system.GatewayUrl), ("web app", ownPorts["web"]) })
        {
            var cookies = new CookieContainer();
            using var client = Client(url, cookies);
            await client.GetAsync($"/?token={token}");
            using var signIn = Answer.Request(HttpMethod.Post, "/sign-in", null,
                new FormUrlEncodedContent([new("token", token), new("returnUrl", "/")]));
            signIn.Headers.Add("Origin", ForeignOrigin);
            using var negotiate = Answer.Request(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1", null);
            negotiate.Headers.Add("Origin", ForeignOrigin);
            foreach (var (what, request) in new[] { ("POST /sign-in", signIn), ("POST /_blazor/negotiate", negotiate) })
            {
                tried++;
                var answer = await Answer.SendAsync(client, request, _secrets.SeeResponse);
                if (answer.Status != 403) accepted.Add($"  {name} {what} -> {answer}");
            }
            tried++;
            if (await WebSocketStatusAsync(url, "/_blazor", cookies) is var status and not 403)
                accepted.Add($"  {name} WebSocket /_blazor -> {status}");
        }
        _table.Add("foreign Origin on the web app (signed in): writes and its WebSocket", tried, "403",
            $"{tried - accepted.Count} of {tried} refused", accepted.Count == 0, string.Join('\n', accepted));

        await CheckDashboardOriginAsync();
    }

    /// <summary>
    /// The dashboard (Aspire's own Blazor app) after sign-in: its circuit's negotiate and a WebSocket opened without
    /// negotiating (as SignalR allows), both from a foreign Origin. The detail names the sign-in cookie's SameSite,
    /// which decides whether a browser would send it from another site.
    /// </summary>
    private async Task CheckDashboardOriginAsync()
    {
        var cookies = new CookieContainer();
        using var client = Client(system.DashboardUrl, cookies);
        using var login = await client.GetAsync($"/login?t={system.DashboardToken}");
        var cookie = login.Headers.TryGetValues("Set-Cookie", out var values)
            ? string.Join("; ", values.SelectMany(v => v.Split(';').Skip(1)).Select(a => a.Trim()).Distinct())
            : "none";
        using var negotiate = Answer.Request(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1", null);
        negotiate.Headers.Add("Origin", ForeignOrigin);
        var answer = await Answer.SendAsync(client, negotiate, _secrets.SeeResponse);
        var socket = await WebSocketStatusAsync(system.DashboardUrl, "/_blazor", cookies);
        // The API's criterion for the negotiate (a POST that changes nothing): a page on another origin cannot read
        // its answer without a CORS grant, so it never learns the connection token.
        var accepted = new List<string>();
        if (answer.Header("Access-Control-Allow-Origin") is { } allowed)
            accepted.Add($"  POST /_blazor/negotiate -> {answer}, Access-Control-Allow-Origin: {allowed}");
        if (socket == 101) accepted.Add("  WebSocket /_blazor (no negotiate) -> 101 connected");
        _table.Add("foreign Origin on the dashboard (signed in): circuit negotiate and WebSocket", 2,
            "no CORS grant, no WebSocket", $"negotiate {answer.Status} {(accepted.Count == 0 ? "ungranted" : "granted")}, "
                + $"WebSocket {socket}", accepted.Count == 0,
            string.Join('\n', accepted.Append($"  (sign-in cookie attributes: {cookie})")));
    }

    /// <summary>The HTTP status of a WebSocket handshake from <see cref="ForeignOrigin"/>: 101 when it connected.</summary>
    private static async Task<int> WebSocketStatusAsync(Uri server, string path, CookieContainer cookies)
    {
        using var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", ForeignOrigin);
        var url = new UriBuilder(server) { Scheme = "ws" }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await socket.ConnectAsync(new Uri(url, path), timeout.Token);
            return 101;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            return (int)socket.HttpStatusCode;
        }
    }

    private async Task FuzzAsync(HttpClient gateway, string token, IReadOnlyList<ApiRoute> routes)
    {
        var fuzzer = new Fuzzer(gateway, token, _secrets.SeeResponse);
        var result = await fuzzer.RunAsync(routes, MinimumFuzzRequests);
        var tried = $"fuzzer: {result.Requests} bad requests over {result.Routes} write routes (seed {Fuzzer.Seed})";
        _table.Add($"{tried}: server errors", result.Requests, "0 5xx", $"{result.ServerErrors.Count} 5xx",
            result.ServerErrors.Count == 0, Detail(result.ServerErrors));
        _table.Add("fuzzer: 4xx answers that are ProblemDetails", result.ClientErrors, "100%",
            $"{Percent(result.ClientErrors - result.NotProblemDetails.Count, result.ClientErrors)}",
            result.NotProblemDetails.Count == 0, Detail(result.NotProblemDetails));
        _table.Add("fuzzer: stack traces in answers", result.Requests, "0", $"{result.StackTraces.Count}",
            result.StackTraces.Count == 0, Detail(result.StackTraces));

        static string Detail(IReadOnlyList<Fuzzer.Finding> findings) =>
            string.Join('\n', findings.Take(40).Select(f => $"  {f}")
                .Append(findings.Count > 40 ? $"  ... and {findings.Count - 40} more" : ""));
    }

    private async Task CheckSecretsAsync(string accountId)
    {
        // OTLP exports in batches every few seconds: let the last requests' logs and spans reach the dashboard.
        await Task.Delay(TimeSpan.FromSeconds(10));
        var hits = _secrets.ResponseHits.Select(h => $"  {h.Key} in {h.Value} responses").ToList();
        _table.Add("secrets in response bodies (every answer the suite saw)", _secrets.Responses, "0",
            $"{hits.Count} secrets seen", hits.Count == 0, string.Join('\n', hits));

        var output = _secrets.Hits(system.Output).ToList();
        _table.Add("secrets in the AppHost's output", system.Output.Split('\n').Length, "0", $"{output.Count}",
            output.Count == 0, string.Join('\n', output.Select(h => $"  {h}")));

        using var dashboard = Client(system.DashboardUrl);
        dashboard.DefaultRequestHeaders.Add("x-api-key", system.TelemetryApiKey);
        var telemetry = new List<string>();
        var telemetryBytes = 0L;
        foreach (var kind in new[] { "logs", "traces", "spans" })
        {
            using var request = Answer.Request(HttpMethod.Get, $"/api/telemetry/{kind}", null);
            var answer = await Answer.SendAsync(dashboard, request, seen: null);
            if (answer.Status != 200) telemetry.Add($"  /api/telemetry/{kind} could not be read: {answer}");
            telemetryBytes += answer.Body.Length;
            telemetry.AddRange(_secrets.Hits(answer.Body).Select(h => $"  {h} in the dashboard's {kind}"));
        }
        _table.Add($"secrets in the dashboard's telemetry (logs, traces, spans: {telemetryBytes / 1024} KB)", 3, "0",
            $"{telemetry.Count}", telemetry.Count == 0, string.Join('\n', telemetry));

        var token = Path.Combine(system.CwHome, "token");
        var accountStore = Path.Combine(system.CwHome, "accounts", accountId) + Path.DirectorySeparatorChar;
        var (files, fileHits) = _secrets.SearchFiles(system.Root,
            file => file == token || file.StartsWith(accountStore, StringComparison.Ordinal));
        _table.Add("secrets in files ($CW_HOME, DCP's temp files and logs; not the token file or the account's own dir)",
            files, "0", $"{fileHits.Count}", fileHits.Count == 0, string.Join('\n', fileHits.Select(h => $"  {h}")));
    }

    private static string Percent(int part, int whole) =>
        whole == 0 ? "n/a" : $"{100.0 * part / whole:0.##}% ({part} of {whole})";

    private static HttpClient Client(Uri url, CookieContainer? cookies = null) =>
        new(new HttpClientHandler
        {
            AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = cookies is not null,
        })
        {
            BaseAddress = url, Timeout = TimeSpan.FromSeconds(60),
        };
}
