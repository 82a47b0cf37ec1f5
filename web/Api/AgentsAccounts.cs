namespace Codewalkers.Web.Api;

public static class AgentsAccounts
{
    /// <summary>
    /// The accounts, only to name an agent's account by its email: when they cannot be read the id is shown instead,
    /// and the page about agents does not fail for it.
    /// </summary>
    public static async Task<AgentAccount[]> AccountsOrNoneAsync(this GatewayApi api)
    {
        try
        {
            return await api.GetAsync<AgentAccount[]>("/api/accounts");
        }
        catch (ApiProblem)
        {
            return [];
        }
    }
}
