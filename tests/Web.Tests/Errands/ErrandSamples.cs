using System.Text.Json;
using Codewalkers.Web.Api;
using Codewalkers.Web.Live;

namespace Codewalkers.Web.Tests.Errands;

internal static class ErrandSamples
{
    public const string ProjectId = "proj_000000000000000a";
    public const string ErrandId = "errand_0000000000000a";

    public static readonly ErrandProject Project = new(ProjectId, "my-app", "https://example.com/my-app.git", "main");

    public static Errand Errand(string status, string description = "Fix the README title", long version = 1,
        IReadOnlyList<ErrandNote>? thread = null) => new(
        ErrandId, ProjectId, description, "cw/errand-fix-the-readme-title", "main", null, status, false,
        "agent_00000000000000a", "swift-otter", "idle", false, "Fixed the title.", null, [], null, null, false,
        version, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, thread ?? []);

    public static ErrandDiff Diff => new("cw/errand-fix-the-readme-title", "main", "abc123",
        [new ErrandDiffFile("M", "README.md")],
        "diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-# Teh app\n+# The app\n",
        [new ErrandCommit("0123456789abcdef", "swift-otter", DateTimeOffset.UtcNow, "Fix the title")]);

    public static FeedEntry StatusEntry(string errandId, string status) => new(
        7, $"errand.{status}", null, null, null, null, errandId,
        JsonSerializer.SerializeToElement(new { errandId, to = status }), DateTimeOffset.UtcNow);
}
