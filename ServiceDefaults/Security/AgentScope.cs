using Microsoft.AspNetCore.Http;

namespace Codewalkers.ServiceDefaults.Security;

/// <summary>
/// What an agent token may do, as one allow-list; everything else is refused with 403. An agent reads its context
/// (the plan), reads itself, and creates tasks (Planning lets it create them only under its own task). It may not
/// approve, merge, delete, edit, touch accounts or act on another agent. The same check runs in the gateway and in
/// every service, so a service reached directly enforces it too.
/// </summary>
public static class AgentScope
{
    // "{self}" is the calling agent's own id; "*" is any one segment; "**" is the rest of the path (nothing included).
    private static readonly AgentRule[] Allowed =
    [
        new("GET", "/api/projects/**"),
        new("GET", "/api/initiatives/**"),
        new("GET", "/api/pages/**"),
        new("GET", "/api/phases/**"),
        new("GET", "/api/tasks/**"),
        new("GET", "/api/proposals/**"),
        new("GET", "/api/agents/{self}/**"),
        new("POST", "/api/tasks"),
        // Questions between agents; the Collaboration service checks who may answer or listen.
        new("GET", "/api/conversations/**"),
        new("POST", "/api/conversations"),
        new("POST", "/api/conversations/*/answer"),
    ];

    public static bool Allows(AgentCaller caller, string method, PathString path)
    {
        var segments = Segments(path);
        return Allowed.Any(rule => rule.Matches(caller.AgentId, method, segments));
    }

    private static string[] Segments(PathString path)
    {
        var value = path.Value ?? "";
        // "/api/tasks/" is the same endpoint as "/api/tasks"; any other empty segment matches no rule.
        if (value.Length > 1 && value.EndsWith('/')) value = value[..^1];
        return value.TrimStart('/').Split('/');
    }

    private sealed record AgentRule(string Method, string Pattern)
    {
        private readonly string[] _segments = Pattern.TrimStart('/').Split('/');

        public bool Matches(string agentId, string method, string[] path)
        {
            if (!string.Equals(method, Method, StringComparison.OrdinalIgnoreCase)) return false;
            for (var i = 0; i < _segments.Length; i++)
            {
                if (_segments[i] == "**") return true;
                if (i >= path.Length) return false;
                var matches = _segments[i] switch
                {
                    "{self}" => string.Equals(path[i], agentId, StringComparison.Ordinal),
                    "*" => path[i].Length > 0,
                    _ => string.Equals(path[i], _segments[i], StringComparison.OrdinalIgnoreCase),
                };
                if (!matches) return false;
            }
            return path.Length == _segments.Length;
        }
    }
}
