using System.Diagnostics;
using Microsoft.Playwright;

namespace Codewalkers.Web.Benchmarks;

/// <summary>A page of the web app and the text that shows it is there.</summary>
internal sealed record PageTarget(string Label, string Path, string ReadyText);

/// <summary>
/// One first load (ms from the navigation): the server-rendered HTML in (Navigation Timing's responseEnd), the
/// circuit on, and the page ready (interactive with its text visible).
/// </summary>
internal sealed record PageLoad(double Html, double Interactive, double Ready);

/// <summary>
/// First loads in a real browser: each in a fresh browser context (nothing cached, no connection open), already
/// signed in (the sign-in cookie copied in), from the navigation until the page is interactive (the layout's
/// <c>#circuit[data-circuit=on]</c>) and its text is visible. Readiness is judged by text, not CSS classes, so the
/// measure does not depend on how a view is styled.
/// </summary>
internal sealed class PageLoads(IBrowser browser, Uri gateway, string signedIn, string screenshots)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Loads the targets in turn, round after round, so that the machine's slow moments spread over all of them
    /// alike; the first <paramref name="warmups"/> rounds are not kept.
    /// </summary>
    public async Task<Dictionary<PageTarget, List<PageLoad>>> MeasureAsync(
        IReadOnlyList<PageTarget> targets, int warmups, int loads)
    {
        var result = targets.ToDictionary(t => t, _ => new List<PageLoad>());
        for (var round = 0; round < warmups + loads; round++)
        {
            foreach (var target in targets)
            {
                var load = await LoadOnceAsync(target);
                if (round >= warmups) result[target].Add(load);
            }
        }
        return result;
    }

    private async Task<PageLoad> LoadOnceAsync(PageTarget target)
    {
        await using var context = await browser.NewContextAsync(new()
        {
            BaseURL = gateway.ToString(), StorageState = signedIn, ViewportSize = new() { Width = 1366, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var clock = Stopwatch.StartNew();
        try
        {
            await page.GotoAsync(target.Path, new() { WaitUntil = WaitUntilState.Commit, Timeout = 0 });
            await page.Locator("#circuit[data-circuit=on]").WaitForAsync(new()
            {
                State = WaitForSelectorState.Attached, Timeout = (float)Patience.TotalMilliseconds,
            });
            var interactive = clock.Elapsed.TotalMilliseconds;
            await page.GetByText(target.ReadyText).Filter(new() { Visible = true }).First.WaitForAsync(new()
            {
                State = WaitForSelectorState.Visible, Timeout = (float)Patience.TotalMilliseconds,
            });
            var ready = clock.Elapsed.TotalMilliseconds;
            var html = await page.EvaluateAsync<double>(
                "performance.getEntriesByType('navigation')[0].responseEnd");
            return new PageLoad(html, interactive, ready);
        }
        catch (TimeoutException)
        {
            var shot = Path.Combine(screenshots, $"timeout-{target.Label.Replace(' ', '-')}.png");
            await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
            throw new TimeoutException(
                $"{target.Label} ({target.Path}) was not interactive with \"{target.ReadyText}\" visible after "
                + $"{Patience.TotalSeconds:0} s; screenshot: {shot}");
        }
    }
}
