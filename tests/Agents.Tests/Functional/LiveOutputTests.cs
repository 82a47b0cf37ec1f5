using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// What a user watches live does not wait for the database: while another writer holds the Agents database, an
/// agent's output keeps reaching its SSE reader, and once the database is free every byte is stored once, in order.
/// </summary>
[Collection(nameof(ClaudeAgents))]
public sealed class LiveOutputTests(AgentsFactory factory) : TestsWithOrigin(factory)
{
    /// <summary>
    /// Below the service's 30 s lock wait: the blocked commit waits and succeeds. Past it, the commit fails and the
    /// output is read again.
    /// </summary>
    private static readonly TimeSpan ShortHold = TimeSpan.FromSeconds(25);
    private static readonly TimeSpan LongHold = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Output_streams_live_while_the_database_is_held_by_another_writer_and_is_stored_once_after()
    {
        var (readDuringHold, output, printed) = await RunThroughHoldAsync(ShortHold);
        // Both came while the database was held (before the fix, only the first chunk read after the hold began went
        // out: the tailer then waited for its commit, and the reader got the rest when the hold ended).
        Assert.Contains("during-two", readDuringHold);
        Assert.StartsWith(readDuringHold, output);
        // Every byte the CLI printed, stored once: nothing the hold delayed was lost or stored twice.
        Assert.Equal(printed, output);
    }

    [Fact]
    public async Task Output_whose_commit_failed_while_the_database_was_held_is_read_again_and_stored_once()
    {
        // The chunk whose commit fails after the lock wait has later chunks queued behind it; had one of those been
        // stored, the agent's stored offset would have moved past the failed one, and its bytes never been read again.
        var (readDuringHold, output, printed) = await RunThroughHoldAsync(LongHold);
        Assert.Contains("during-two", readDuringHold);
        Assert.Equal(printed, output);
    }

    /// <summary>
    /// An agent prints a line, then two more while another writer holds the Agents database for
    /// <paramref name="hold"/>; its SSE reader reads meanwhile. Returns what the reader had when the hold ended, the
    /// stored output (checked contiguous from 0) and what the CLI printed (its output file).
    /// </summary>
    private async Task<(string ReadDuringHold, string Stored, string Printed)> RunThroughHoldAsync(TimeSpan hold)
    {
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker,
            Steps.Bash("sleep 2; echo before-the-hold"),
            Steps.Bash("echo during-one"),
            Steps.Bash("sleep 1; echo during-two"),
            Steps.Signal(new { status = "done" }),
            Steps.Say("Done."));
        var agent = await SpawnAsync(marker);
        using var response = await Client.SendAsync(
            new HttpRequestMessage(HttpMethod.Get, $"/api/agents/{agent.Id}/output?from=0"),
            HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var seen = new StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await ReadUntilAsync(reader, seen, "before-the-hold", timeout.Token);

        await using (await HoldTheDatabaseAsync())
        {
            var readAll = ReadUntilAsync(reader, seen, "during-two", timeout.Token);
            var held = Task.Delay(hold);
            await Task.WhenAny(readAll, held);
            if (hold > ShortHold) await held; // past the lock wait: the blocked commit fails
        }
        var readDuringHold = seen.ToString();

        var done = await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped, TimeSpan.FromSeconds(90));
        Assert.Equal(AgentReasons.TaskComplete, done.StatusReason);
        var stored = (await Client.GetFromJsonAsync<LogChunkResponse[]>($"/api/agents/{agent.Id}/logs"))!;
        Assert.Equal(0, stored[0].Start);
        Assert.All(stored.Zip(stored.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
        return (readDuringHold, string.Concat(stored.Select(c => c.Content)),
            await File.ReadAllTextAsync(done.OutputFilePath!));
    }

    /// <summary>
    /// Another writer takes the database's write lock until disposed (SQLite: a transaction that writes; PostgreSQL:
    /// an exclusive lock on the log table, which readers pass).
    /// </summary>
    private async Task<IAsyncDisposable> HoldTheDatabaseAsync()
    {
        var scope = Factory.Services.CreateAsyncScope();
        var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AgentsDbContext>>()
            .CreateDbContextAsync();
        var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync(db.Database.IsNpgsql()
            ? """LOCK TABLE "agent_log_chunks" IN EXCLUSIVE MODE"""
            : """UPDATE "agents" SET "OutputOffset" = "OutputOffset" """);
        return new Hold(scope, db, transaction);
    }

    private sealed class Hold(AsyncServiceScope scope, AgentsDbContext db,
        Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await db.DisposeAsync();
            await scope.DisposeAsync();
        }
    }

    private static async Task ReadUntilAsync(StreamReader reader, StringBuilder seen, string text,
        CancellationToken cancellationToken)
    {
        while (!seen.ToString().Contains(text) && await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data: "))
                seen.Append(JsonDocument.Parse(line[6..]).RootElement.GetProperty("content").GetString());
        }
    }

    private async Task<AgentResponse> SpawnAsync(string marker)
    {
        var response = await Client.PostAsJsonAsync("/api/agents",
            new { mode = "execute", prompt = $"Scenario {marker}: implement the task.", taskId = "task-1" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AgentResponse>())!;
    }
}
