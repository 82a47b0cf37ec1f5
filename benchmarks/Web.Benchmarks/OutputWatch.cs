using System.Text.Json;
using Microsoft.Playwright;

namespace Codewalkers.Web.Benchmarks;

/// <summary>
/// The agent page in a real browser, watched from inside: a MutationObserver, installed before the page's own
/// scripts run, notes Date.now() when each "tick N at T" first appears in the document, and Date.now() at the start
/// of the next animation frame (the frame that paints it). Only the text counts, wherever and however the view
/// renders it (assistant text, raw line, folded or not).
/// </summary>
internal sealed class OutputWatch(IBrowserContext context, IPage page) : IAsyncDisposable
{
    private const string Observer = """
        (() => {
          const seen = {};
          const unpainted = [];
          let frameAsked = false;
          window.__cwTicks = seen;
          const scan = text => {
            if (!text) return;
            const now = Date.now();
            for (const m of text.matchAll(/tick (\d+) at (\d+)/g)) {
              if (m[1] in seen) continue;
              const entry = [now, 0, Number(m[2])];
              seen[m[1]] = entry;
              unpainted.push(entry);
            }
          };
          new MutationObserver(records => {
            for (const r of records) {
              if (r.type === 'characterData') scan(r.target.data);
              else for (const node of r.addedNodes) scan(node.textContent);
            }
            if (unpainted.length && !frameAsked) {
              frameAsked = true;
              requestAnimationFrame(() => {
                const frame = Date.now();
                for (const entry of unpainted) entry[1] = frame;
                unpainted.length = 0;
                frameAsked = false;
              });
            }
          }).observe(document, { subtree: true, childList: true, characterData: true });
        })();
        """;

    /// <summary>Opens the agent's page signed in and waits until it is interactive.</summary>
    public static async Task<OutputWatch> OpenAsync(IBrowser browser, Uri gateway, string signedIn, string agentId)
    {
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = gateway.ToString(), StorageState = signedIn, ViewportSize = new() { Width = 1366, Height = 900 },
        });
        await context.AddInitScriptAsync(Observer);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/agents/{agentId}");
        await page.Locator("#circuit[data-circuit=on]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return new OutputWatch(context, page);
    }

    /// <summary>
    /// Waits (up to <paramref name="patience"/>) until <paramref name="expected"/> ticks have appeared and been
    /// painted, then returns what appeared: latency to the document, and to the frame that paints it.
    /// </summary>
    public async Task<(List<Tick> InDocument, List<Tick> Painted)> CollectAsync(int expected, TimeSpan patience)
    {
        try
        {
            await page.WaitForFunctionAsync(
                "n => Object.values(window.__cwTicks).filter(e => e[1] > 0).length >= n", expected,
                new() { Timeout = (float)patience.TotalMilliseconds, PollingInterval = 200 });
        }
        catch (TimeoutException)
        {
            // Reported as fewer ticks seen than written.
        }
        var entries = await page.EvaluateAsync<JsonElement>(
            "Object.entries(window.__cwTicks).map(([n, e]) => [Number(n), e[0], e[1], e[2]])");
        var inDocument = new List<Tick>();
        var painted = new List<Tick>();
        foreach (var entry in entries.EnumerateArray())
        {
            var number = entry[0].GetInt32();
            var written = entry[3].GetDouble();
            inDocument.Add(new Tick(number, entry[1].GetDouble() - written));
            if (entry[2].GetDouble() > 0) painted.Add(new Tick(number, entry[2].GetDouble() - written));
        }
        return (inDocument, painted);
    }

    public async Task ScreenshotAsync(string path) =>
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
