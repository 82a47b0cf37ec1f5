using System.Text;

namespace Codewalkers.Planning.Domain;

/// <summary>
/// Text Planning did not write and cannot send back: git's output, another service's error, an agent's summary, carried
/// in a message. It is stored as readable as it can be made, never refused: a consumer that threw on it would leave the
/// task it is about stalled (the message faults, nothing else changes). A user's own input is checked by
/// <see cref="Guard"/> instead, and a bad one is a 400 naming the field.
/// </summary>
public static class StorableText
{
    private const string Cut = " [...]";

    /// <summary>
    /// One line (a block reason, shown next to a status): every run of control characters and whitespace (git's
    /// multi-line messages) becomes one space, capped at <paramref name="max"/> characters; <paramref name="fallback"/>
    /// when nothing readable is left. The result passes <see cref="Guard.Name"/> with the same <paramref name="max"/>.
    /// </summary>
    public static string Line(string? text, int max = Guard.MaxReasonLength, string fallback = "(no details)")
    {
        var line = new StringBuilder(Math.Min(text?.Length ?? 0, max + 1));
        foreach (var c in Readable(text))
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                if (line.Length > 0 && line[^1] != ' ') line.Append(' ');
            }
            else line.Append(c);
            if (line.Length > max) break;
        }
        var result = Capped(line.ToString().Trim(), max);
        return result.Length > 0 ? result : Capped(fallback, max);
    }

    /// <summary>
    /// Several lines (an error, a summary): line breaks and tabs are kept (<c>\r\n</c> as <c>\n</c>), other control
    /// characters become a space, capped at <paramref name="max"/> characters. Null stays null.
    /// </summary>
    public static string? Text(string? text, int max)
    {
        if (text is null) return null;
        var kept = new StringBuilder(Math.Min(text.Length, max + 1));
        foreach (var c in Readable(text.Replace("\r\n", "\n", StringComparison.Ordinal)))
        {
            kept.Append(c is '\n' or '\t' || !char.IsControl(c) ? c : ' ');
            if (kept.Length > max) break;
        }
        return Capped(kept.ToString(), max);
    }

    /// <summary>
    /// The characters of <paramref name="text"/>, a lone surrogate (no character at all) replaced by U+FFFD.
    /// </summary>
    private static IEnumerable<char> Readable(string? text)
    {
        if (text is null) yield break;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                yield return c;
                yield return text[++i];
            }
            else yield return char.IsSurrogate(c) ? '\uFFFD' : c;
        }
    }

    /// <summary>
    /// At most <paramref name="max"/> characters, saying it was cut, never splitting a surrogate pair.
    /// </summary>
    private static string Capped(string text, int max)
    {
        if (text.Length <= max) return text;
        if (max <= Cut.Length) return text[..max];
        var end = max - Cut.Length;
        if (char.IsHighSurrogate(text[end - 1])) end--;
        return text[..end] + Cut;
    }
}
