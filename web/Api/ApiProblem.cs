using System.Text.Json;

namespace Codewalkers.Web.Api;

/// <summary>
/// A refused or failed API call, as the page shows it: the service's ProblemDetails title and detail (which name the
/// problem), or what went wrong on the way.
/// </summary>
public sealed class ApiProblem(int status, string title, string? detail) : Exception(detail is null ? title : $"{title}: {detail}")
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string? Detail { get; } = detail;

    public static async Task<ApiProblem> ReadAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            return new ApiProblem(status, title ?? $"{what} answered {status}", detail);
        }
        catch (JsonException)
        {
            return new ApiProblem(status, $"{what} answered {status}", null);
        }
    }
}
