using System.CommandLine;

namespace Codewalkers.Cli.Core;

/// <summary>Arguments and options many commands share, described the same way everywhere.</summary>
public static class Arguments
{
    public static Argument<string> Id(string what) => new("id") { Description = $"The {what}'s id." };

    public static Argument<string> IdOrName(string what) => new("id") { Description = $"The {what}'s id or name." };

    /// <summary>How often a command that waits looks again (<c>--interval</c>, seconds, 0.1 to 3600).</summary>
    public static Option<double> Interval(string description)
    {
        var interval = new Option<double>("--interval")
        {
            HelpName = "seconds", Description = description, DefaultValueFactory = _ => 2,
        };
        interval.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 0.1 or > 3600)
                result.AddError("--interval must be between 0.1 and 3600 seconds.");
        });
        return interval;
    }
}
