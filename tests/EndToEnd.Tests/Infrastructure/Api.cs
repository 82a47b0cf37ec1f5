using System.Net.Http.Json;

namespace Codewalkers.EndToEnd.Tests.Infrastructure;

public sealed record ProjectDto(string Id, string Name, string Url, string DefaultBranch);

/// <summary>The gateway calls the tests make, named as a user would say them.</summary>
public static class Api
{
    public static async Task<ProjectDto> RegisterProjectAsync(this HttpClient client, string name, string url)
    {
        var response = await client.PostAsJsonAsync("/api/projects", new { name, url, defaultBranch = "main" });
        Assert.True(response.IsSuccessStatusCode,
            $"Registering {name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ProjectDto>())!;
    }

    public static async Task<ProjectDto[]> ErrandProjectsAsync(this HttpClient client) =>
        (await client.GetFromJsonAsync<ProjectDto[]>("/api/errands/projects"))!;

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
}
