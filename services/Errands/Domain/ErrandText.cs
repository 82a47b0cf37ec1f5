using System.Text;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Errands.Domain;

/// <summary>
/// The user's text is checked (a 400 naming the field); text from a message (an agent's summary, git's error) is
/// stored as readable as it can be made and never refused: a consumer that threw on it would leave the errand stuck.
/// </summary>
public static class ErrandText
{
    public const int MaxDescriptionLength = 200;
    public const int MaxMessageLength = 10_000;
    /// <summary>What a note keeps of a message from another service.</summary>
    public const int MaxNoteLength = 20_000;
    public const int MaxProviderLength = 50;

    /// <summary>Trimmed, 1..<paramref name="max"/> characters, no control characters.</summary>
    public static string Line(string field, string? value, int max)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed)) throw new ValidationException(field, $"{Capitalized(field)} is required.");
        if (trimmed.Length > max)
        {
            throw new ValidationException(field,
                $"{Capitalized(field)} must be at most {max} characters (it has {trimmed.Length}).");
        }
        if (trimmed.Any(char.IsControl))
            throw new ValidationException(field, $"{Capitalized(field)} must not contain control characters.");
        return trimmed;
    }

    /// <summary>
    /// Several lines of the user's (a message to the agent): 1..<paramref name="max"/> characters, not only
    /// whitespace; line breaks and tabs are the only control characters allowed.
    /// </summary>
    public static string Message(string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new ValidationException(field, $"{Capitalized(field)} is required.");
        if (value.Length > max)
        {
            throw new ValidationException(field,
                $"{Capitalized(field)} must be at most {max} characters (it has {value.Length}).");
        }
        if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            throw new ValidationException(field,
                $"{Capitalized(field)} must not contain control characters other than line breaks and tabs.");
        }
        return value.Trim();
    }

    /// <summary>
    /// Text from another service, kept: lone surrogates (no character at all) become U+FFFD, other control characters
    /// than line breaks and tabs a space, capped at <paramref name="max"/> characters.
    /// </summary>
    public static string Storable(string? text, int max = MaxNoteLength)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var kept = new StringBuilder(Math.Min(text.Length, max));
        for (var i = 0; i < text.Length && kept.Length < max; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (kept.Length + 2 > max) break;
                kept.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c)) kept.Append('\uFFFD');
            else kept.Append(c is '\n' or '\t' || !char.IsControl(c) ? c : ' ');
        }
        return kept.ToString();
    }

    private static string Capitalized(string field) => char.ToUpperInvariant(field[0]) + field[1..];
}
