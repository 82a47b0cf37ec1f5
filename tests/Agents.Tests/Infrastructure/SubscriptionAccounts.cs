using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;

namespace Codewalkers.Agents.Tests.Infrastructure;

/// <summary>Subscription accounts added through the API, as a user would.</summary>
public static class SubscriptionAccounts
{
    /// <summary>Adds a Claude subscription account (OAuth credentials, onboarding done); its id.</summary>
    public static async Task<string> AddAsync(HttpClient client, string email, int sortOrder)
    {
        var response = await client.PostAsJsonAsync("/api/accounts", new
        {
            email, sortOrder,
            credentials = new
            {
                claudeAiOauth = new
                {
                    accessToken = $"token-{email}", refreshToken = "refresh",
                    expiresAt = DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeMilliseconds(),
                    scopes = new[] { "user:inference", "user:profile" }, subscriptionType = "max",
                },
            },
            config = new { hasCompletedOnboarding = true },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AccountsApi.AccountResponse>())!.Id;
    }
}
