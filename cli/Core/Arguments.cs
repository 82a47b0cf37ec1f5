using System.CommandLine;

namespace Codewalkers.Cli.Core;

/// <summary>Arguments many commands share, described the same way everywhere.</summary>
public static class Arguments
{
    public static Argument<string> Id(string what) => new("id") { Description = $"The {what}'s id." };

    public static Argument<string> IdOrName(string what) => new("id") { Description = $"The {what}'s id or name." };
}
