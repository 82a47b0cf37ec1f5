using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

/// <summary>`cw review`: comment threads on a phase's or an initiative's diff.</summary>
public class ReviewCommandTests
{
    private const string Thread = """
        {"id":"c1","phaseId":"ph1","initiativeId":null,"projectId":"p1","filePath":"src/app.cs","lineNumber":3,
         "lineType":"added","lineText":"int x = 1;","body":"Name x better.","author":"you","authorAgentId":null,
         "resolved":false,"outdated":true,"parentCommentId":null,"createdAt":"2026-12-01T10:00:00Z",
         "updatedAt":"2026-12-01T10:00:00Z",
         "replies":[{"id":"c2","phaseId":"ph1","initiativeId":null,"projectId":"p1","filePath":"src/app.cs",
           "lineNumber":3,"lineType":"added","lineText":"int x = 1;","body":"Renamed it.","author":"brave-otter",
           "authorAgentId":"a1","resolved":false,"outdated":false,"parentCommentId":"c1",
           "createdAt":"2026-12-01T10:00:00Z","updatedAt":"2026-12-01T10:00:00Z","replies":null}]}
        """;

    [Fact]
    public async Task List_prints_each_thread_with_its_line_state_and_replies()
    {
        var api = new ScriptedApi().On("GET /api/review-comments?phaseId=ph1&resolved=false", 200, $"[{Thread}]");

        var run = await Cw.RunAsync(api, "review list --phase ph1 --status open");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("c1  src/app.cs:3 (added)  [open, outdated]", run.Out);
        Assert.Contains("| int x = 1;", run.Out);
        Assert.Contains("you: Name x better.", run.Out);
        Assert.Contains("> brave-otter: Renamed it.  (c2)", run.Out);
    }

    [Fact]
    public async Task List_needs_exactly_one_of_phase_or_initiative()
    {
        var neither = await Cw.RunAsync(new ScriptedApi(), "review list");
        var both = await Cw.RunAsync(new ScriptedApi(), "review list --phase a --initiative b");

        Assert.Equal((ExitCodes.Usage, ExitCodes.Usage), (neither.ExitCode, both.ExitCode));
        Assert.Contains("--phase <id> or --initiative <id>", neither.Error);
    }

    [Fact]
    public async Task Add_posts_the_line_and_only_the_fields_given()
    {
        var api = new ScriptedApi().On("POST /api/review-comments", 201, Thread);

        var run = await Cw.RunAsync(api,
            "review add --initiative i1 --file src/app.cs --line 3 --type removed \"Why was this removed?\"");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(
            """{"initiativeId":"i1","filePath":"src/app.cs","lineNumber":3,"lineType":"removed",""" +
            "\"body\":\"Why was this removed?\"}",
            api.Requests.Single().Body);
        Assert.Contains("Comment c1 on src/app.cs:3.", run.Out);
    }

    [Fact]
    public async Task A_refused_comment_shows_the_problem()
    {
        var api = new ScriptedApi().On("POST /api/review-comments", 400, """
            {"title":"The request is invalid","status":400,
             "detail":"filePath: 'x.cs' is not in the diff of phase 'ph1': it changes src/app.cs.",
             "errors":{"filePath":["'x.cs' is not in the diff of phase 'ph1': it changes src/app.cs."]}}
            """);

        var run = await Cw.RunAsync(api, "review add --phase ph1 --file x.cs --line 1 hello");

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.Contains("'x.cs' is not in the diff of phase 'ph1'", run.Error);
    }

    [Fact]
    public async Task Reply_resolve_unresolve_and_delete_call_their_routes()
    {
        var api = new ScriptedApi()
            .On("POST /api/review-comments/c1/replies", 201, Thread.Replace("\"id\":\"c1\"", "\"id\":\"c3\""))
            .On("POST /api/review-comments/c1/resolve", 200, Thread)
            .On("POST /api/review-comments/c1/unresolve", 200, Thread)
            .On("DELETE /api/review-comments/c2", 204, "");

        var reply = await Cw.RunAsync(api, "review reply c1 \"Done, thanks\" --author ana");
        var resolve = await Cw.RunAsync(api, "review resolve c1");
        var unresolve = await Cw.RunAsync(api, "review unresolve c1");
        var delete = await Cw.RunAsync(api, "review delete c2");

        Assert.All([reply, resolve, unresolve, delete], r => Assert.Equal(ExitCodes.Success, r.ExitCode));
        Assert.Equal("""{"body":"Done, thanks","author":"ana"}""", api.Requests[0].Body);
        Assert.Contains("Thread c1 resolved.", resolve.Out);
        Assert.Contains("Thread c1 open again.", unresolve.Out);
        Assert.Contains("Deleted c2.", delete.Out);
    }
}
