namespace Codewalkers.Cli.Core;

/// <summary>
/// Everything `cw` takes from the outside world: environment variables, standard streams, the network. The real
/// process uses <see cref="System"/>; tests give their own writers, variables and HTTP handler.
/// </summary>
public sealed record CliHost(
    Func<string, string?> Environment,
    TextWriter Out,
    TextWriter Error,
    TextReader In,
    bool Interactive,
    HttpMessageHandler? Handler = null)
{
    public static CliHost System => new(
        global::System.Environment.GetEnvironmentVariable,
        Console.Out,
        Console.Error,
        Console.In,
        !Console.IsInputRedirected && !Console.IsOutputRedirected);
}
