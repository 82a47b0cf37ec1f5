using Codewalkers.Web.Live;

namespace Codewalkers.Web.Api;

/// <summary>Whether a feed entry is about a chat session (its data names the session, as docs/chat.md says).</summary>
public static class ChatFeed
{
    public static bool IsAbout(FeedEntry entry, string? sessionId) =>
        sessionId is not null && entry.Subject == "chat" && entry.Text("sessionId") == sessionId;
}
