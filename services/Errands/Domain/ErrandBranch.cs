using System.Text;

namespace Codewalkers.Errands.Domain;

/// <summary>
/// The branch an errand works on: <c>cw/errand-&lt;slug&gt;</c>, the slug made from its description, unique among the
/// project's errands and the branches its clone and origin already have.
/// </summary>
public static class ErrandBranch
{
    public const string Prefix = "cw/errand-";
    public const int MaxSlugLength = 40;
    private const string EmptySlug = "errand";

    /// <summary>
    /// Lowercase ASCII letters and digits; every other run of characters becomes one '-'; no '-' at either end; at
    /// most <see cref="MaxSlugLength"/> characters; <c>errand</c> when nothing is left.
    /// </summary>
    public static string Slug(string description)
    {
        var slug = new StringBuilder(MaxSlugLength);
        foreach (var c in description.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
            if (slug.Length >= MaxSlugLength) break;
        }
        var trimmed = slug.ToString().Trim('-');
        return trimmed.Length == 0 ? EmptySlug : trimmed;
    }

    /// <summary>
    /// <c>cw/errand-&lt;slug&gt;</c>, or with -2, -3, ... appended, whichever is not in <paramref name="taken"/>.
    /// </summary>
    public static string Unique(string description, IReadOnlySet<string> taken)
    {
        var first = Prefix + Slug(description);
        if (!taken.Contains(first)) return first;
        for (var n = 2; ; n++)
        {
            var candidate = $"{first}-{n}";
            if (!taken.Contains(candidate)) return candidate;
        }
    }
}
