using Codewalkers.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http;

namespace Codewalkers.Planning.Tests.Security;

/// <summary>The one allow-list of what an agent token may do (ServiceDefaults/Security/AgentScope).</summary>
public sealed class AgentScopeTests
{
    private const string Self = "V1StGXR8_Z5jdHi6B-myT";
    private const string Other = "Uakgb_J5m9g-0JDMbcJqL";
    private static readonly AgentCaller Caller = new(Self);

    [Theory]
    [InlineData("GET", "/api/projects")]
    [InlineData("GET", "/api/projects/p1")]
    [InlineData("GET", "/api/initiatives/i1/tree")]
    [InlineData("GET", "/api/pages")]
    [InlineData("GET", "/api/pages/p1")]
    [InlineData("GET", "/api/phases/p1")]
    [InlineData("GET", "/api/tasks")]
    [InlineData("GET", "/api/tasks/")]
    [InlineData("get", "/api/tasks/t1")]
    [InlineData("GET", "/API/Tasks/t1")]
    [InlineData("GET", "/api/proposals")]
    [InlineData("GET", "/api/agents/" + Self)]
    [InlineData("GET", "/api/agents/" + Self + "/output")]
    [InlineData("POST", "/api/tasks")]
    [InlineData("POST", "/api/tasks/")]
    [InlineData("GET", "/api/conversations")]
    [InlineData("GET", "/api/conversations/next")]
    [InlineData("GET", "/api/conversations/c1")]
    [InlineData("POST", "/api/conversations")]
    [InlineData("POST", "/api/conversations/c1/answer")]
    public void An_agent_may_read_its_context_and_itself_and_create_tasks(string method, string path) =>
        Assert.True(AgentScope.Allows(Caller, method, new PathString(path)));

    [Theory]
    [InlineData("POST", "/api/initiatives/i1/approve")]
    [InlineData("POST", "/api/phases/p1/review/approve")]
    [InlineData("POST", "/api/phases/p1/approve")]
    [InlineData("POST", "/api/proposals/p1/accept")]
    [InlineData("POST", "/api/proposals/accept-all")]
    [InlineData("POST", "/api/tasks/t1/complete")]
    [InlineData("POST", "/api/tasks/t1/dependencies")]
    [InlineData("DELETE", "/api/tasks/t1")]
    [InlineData("PATCH", "/api/tasks/t1")]
    [InlineData("PUT", "/api/tasks")]
    [InlineData("HEAD", "/api/tasks")]
    [InlineData("POST", "/api/initiatives")]
    [InlineData("POST", "/api/projects")]
    [InlineData("GET", "/api/accounts")]
    [InlineData("GET", "/api/change-sets")]
    [InlineData("GET", "/api/workspace/usage")]
    [InlineData("GET", "/api/errands")]
    [InlineData("GET", "/api/agents")]
    [InlineData("GET", "/api/agents/waiting")]
    [InlineData("GET", "/api/agents/" + Other)]
    [InlineData("GET", "/api/agents/" + Other + "/output")]
    [InlineData("GET", "/api/agents/" + "v1stgxr8_z5jdhi6b-myt")] // ids are case-sensitive
    [InlineData("GET", "/api/agents/" + Self + "%2F..%2F" + Other)]
    [InlineData("POST", "/api/agents/" + Self + "/answers")]
    [InlineData("POST", "/api/agents/" + Self + "/stop")]
    [InlineData("DELETE", "/api/agents/" + Self)]
    [InlineData("POST", "/api/agents")]
    [InlineData("GET", "/api/tasksx")]
    [InlineData("GET", "/api//tasks")]
    [InlineData("GET", "/openapi/v1.json")]
    [InlineData("GET", "/")]
    [InlineData("POST", "/api/conversations//answer")] // "*" is one segment, never an empty one
    [InlineData("POST", "/api/conversations/c1/c2/answer")] // ... and never two
    [InlineData("POST", "/api/conversations/c1/answer/x")]
    [InlineData("POST", "/api/conversations/c1")]
    [InlineData("DELETE", "/api/conversations/c1")]
    [InlineData("PUT", "/api/conversations/c1/answer")]
    public void Everything_else_is_refused(string method, string path) =>
        Assert.False(AgentScope.Allows(Caller, method, new PathString(path)));
}
