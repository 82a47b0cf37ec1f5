using System.Text.Json;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Planning.Apis;

/// <summary>A page of a list that can grow: <c>skip</c>/<c>take</c> in the query, the total alongside.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Skip, int Take);

internal static class ApiSupport
{
    public const int DefaultTake = 100;
    public const int MaxTake = 500;

    /// <summary>
    /// A group of planning routes under <paramref name="prefix"/>: its tag, and the problems its requests may answer.
    /// </summary>
    public static RouteGroupBuilder MapPlanningGroup(this IEndpointRouteBuilder routes, string prefix, string tag) =>
        routes.MapGroup(prefix).WithTags(tag)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static (int Skip, int Take) Paging(int? skip, int? take)
    {
        if (skip is < 0) throw new ValidationException("skip", "Skip must not be negative.");
        if (take is < 1 or > MaxTake) throw new ValidationException("take", $"Take must be between 1 and {MaxTake}.");
        return (skip ?? 0, take ?? DefaultTake);
    }

    /// <summary>
    /// Tiptap content arrives as a JSON object, or as a string holding one; the service stores the text.
    /// </summary>
    public static string? ContentText(string field, JsonElement? content) => content switch
    {
        null => null,
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Object } o => o.GetRawText(),
        { } other => throw new ValidationException(field,
            $"{field} must be a Tiptap JSON document (an object), not a " +
            $"{other.ValueKind.ToString().ToLowerInvariant()}."),
    };

    public static JsonElement? ContentJson(string? stored)
    {
        if (stored is null) return null;
        using var document = JsonDocument.Parse(stored);
        return document.RootElement.Clone();
    }

    public static IReadOnlyList<string> IdList(string field, IReadOnlyList<string?>? ids, int max = 1000)
    {
        if (ids is null) return [];
        if (ids.Count > max) throw new ValidationException(field, $"At most {max} ids.");
        if (ids.Any(string.IsNullOrWhiteSpace)) throw new ValidationException(field, "Ids must not be empty.");
        return [.. ids.Select(i => i!).Distinct(StringComparer.Ordinal)];
    }
}
