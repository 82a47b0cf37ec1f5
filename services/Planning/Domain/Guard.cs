using System.Text.Json;
using Codewalkers.ServiceDefaults;
using Codewalkers.ServiceDefaults.Validation;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Planning.Domain;

/// <summary>Field checks shared by the entities; each failure names the field.</summary>
public static class Guard
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 20_000;
    public const int MaxReasonLength = 2_000;
    /// <summary>Tiptap documents and markdown bodies: generous, but bounded.</summary>
    public const int MaxContentLength = 1_000_000;

    public static string Name(string field, string? value, int max = MaxNameLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed)) throw new ValidationException(field, $"{Capitalized(field)} is required.");
        if (trimmed.Length > max) throw new ValidationException(field,
            $"{Capitalized(field)} must be at most {max} characters.");
        if (trimmed.Any(char.IsControl)) throw new ValidationException(field,
            $"{Capitalized(field)} must not contain control characters.");
        return trimmed;
    }

    public static string? Optional(string field, string? value, int max)
    {
        if (value is null) return null;
        if (value.Length > max) throw new ValidationException(field,
            $"{Capitalized(field)} must be at most {max} characters.");
        return value;
    }

    /// <summary>
    /// Tiptap content: null, or a JSON object (as given, or as a string holding one). Returns the stored text.
    /// </summary>
    public static string? TiptapJson(string field, string? json)
    {
        if (json is null) return null;
        if (json.Length > MaxContentLength) throw new ValidationException(field,
            $"{Capitalized(field)} must be at most {MaxContentLength} characters.");
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new ValidationException(field,
                    $"{Capitalized(field)} must be a Tiptap JSON document (an object), not a " +
                    $"{document.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
            // Stored as given, an escaped lone surrogate ("\ud800") would fail every later read that decodes it.
            if (!InputShape.IsWellFormed(document.RootElement))
                throw new ValidationException(field,
                    $"{Capitalized(field)} must hold valid Unicode text only (it holds a lone surrogate).");
        }
        catch (JsonException ex)
        {
            throw new ValidationException(field, $"{Capitalized(field)} is not valid JSON: {ex.Message}");
        }
        return json;
    }

    public static string Id(string field, string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new ValidationException(field, $"{Capitalized(field)} is required.");
        return id;
    }

    /// <summary>An id that names no row can never be found; say so as a 404 without asking the database.</summary>
    public static bool LooksLikeId(string? id) => Ids.IsValid(id);

    public static int SortOrder(string field, int? value) =>
        value is < 0 or > 1_000_000
            ? throw new ValidationException(field, $"{Capitalized(field)} must be between 0 and 1000000.") : value ?? 0;

    private static string Capitalized(string field) => char.ToUpperInvariant(field[0]) + field[1..];
}
