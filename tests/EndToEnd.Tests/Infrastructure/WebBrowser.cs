using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Codewalkers.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real browser (Debian's chromium, headless, driven by Playwright) for the web app behind the gateway. Each page
/// it opens records the console's errors, so a test can assert there were none, and saves screenshots as test
/// artefacts under <see cref="Screenshots"/>.
/// </summary>
public sealed class WebBrowser : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Where screenshots go: bin/.../screenshots, printed by each test that saves one.</summary>
    public static string Screenshots { get; } = Directory.CreateDirectory(
        Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CW_BROWSER") is { Length: > 0 } path
                ? path : "/usr/bin/chromium",
            Headless = true,
            // Root (CI) needs --no-sandbox; /dev/shm is small in containers.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A new browser profile (no cookies) at the gateway, laptop-sized unless told otherwise.</summary>
    public async Task<BrowserTab> OpenAsync(Uri gateway, int width = 1366, int height = 900)
    {
        var context = await _browser!.NewContextAsync(new()
        {
            BaseURL = gateway.ToString(),
            ViewportSize = new() { Width = width, Height = height },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        return new BrowserTab(context, page);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

/// <summary>One browser profile with one page, and what its console said.</summary>
public sealed class BrowserTab : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _consoleErrors = [];

    public BrowserTab(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (_consoleErrors) _consoleErrors.Add(message.Text);
        };
        page.PageError += (_, error) => { lock (_consoleErrors) _consoleErrors.Add(error); };
    }

    public IPage Page { get; }

    public IReadOnlyList<string> ConsoleErrors
    {
        get { lock (_consoleErrors) return [.. _consoleErrors]; }
    }

    /// <summary>Opens the sign-in link ./run.sh prints, which lands on <paramref name="path"/> signed in.</summary>
    public async Task SignInAsync(string token, string path = "/")
    {
        var separator = path.Contains('?') ? '&' : '?';
        await Page.GotoAsync($"{path}{separator}token={Uri.EscapeDataString(token)}");
        await WaitForCircuitAsync();
    }

    /// <summary>Goes to a page of the app and waits until its interactive circuit is up.</summary>
    public async Task GotoAsync(string path)
    {
        await Page.GotoAsync(path);
        await WaitForCircuitAsync();
    }

    /// <summary>
    /// Blazor renders on the server first; buttons work once the circuit is connected, which the layout marks
    /// (#circuit[data-circuit=on]).
    /// </summary>
    public async Task WaitForCircuitAsync()
    {
        try
        {
            await Page.Locator("#circuit[data-circuit=on]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        }
        catch (TimeoutException ex)
        {
            var body = await Page.InnerTextAsync("body");
            throw new TimeoutException(
                $"The page at {Page.Url} never became interactive. Console: [{string.Join(" | ", ConsoleErrors)}]. "
                + $"Page text: {body[..Math.Min(body.Length, 500)]}", ex);
        }
    }

    /// <summary>Saves a full-page screenshot named <paramref name="name"/>.png and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(WebBrowser.Screenshots, $"{name}.png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        Console.WriteLine($"screenshot: {path}");
        return path;
    }

    /// <summary>
    /// Runs a test's steps; when one fails, the page as it was is saved as <paramref name="name"/>-failure.png and its
    /// text and console errors are added to the failure, so a red run says what the user would have seen.
    /// </summary>
    public async Task StepsAsync(string name, Func<Task> steps, Func<Task<string>>? system = null)
    {
        try
        {
            await steps();
        }
        catch (Exception ex) when (ex is not XunitException)
        {
            var shot = await ScreenshotAsync($"{name}-failure");
            var text = await Page.InnerTextAsync("main");
            throw new XunitException(
                $"{ex.Message}\nAt {Page.Url} (screenshot {shot}). Console: [{string.Join(" | ", ConsoleErrors)}]\n"
                + $"Page text: {text[..Math.Min(text.Length, 1500)]}\n"
                + (system is null ? "" : $"The system: {await system()}"), ex);
        }
    }

    /// <summary>
    /// A view a person looks at: saved as <paramref name="name"/>.png (its path written to the test's output) and checked
    /// with axe, failing on any serious or critical violation.
    /// </summary>
    public async Task CheckViewAsync(string name, ITestOutputHelper output)
    {
        output.WriteLine(await ScreenshotAsync(name));
        var problems = await SeriousAccessibilityProblemsAsync();
        Assert.True(problems.Count == 0, $"{name}: {string.Join("; ", problems)}");
    }

    /// <summary>The page's serious and critical accessibility violations (axe), one line each.</summary>
    public async Task<IReadOnlyList<string>> SeriousAccessibilityProblemsAsync()
    {
        var result = await Page.RunAxe();
        return [.. result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Impact} {v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))})")];
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}

/// <summary>How long a browser test waits for what agents do (the real CLI on a loaded machine), not for a click.</summary>
public static class AgentPatience
{
    public static readonly TimeSpan Span = TimeSpan.FromMinutes(3);

    public static LocatorClickOptions Click => new() { Timeout = (float)Span.TotalMilliseconds };

    public static LocatorAssertionsToBeVisibleOptions Visible => new() { Timeout = (float)Span.TotalMilliseconds };
}
