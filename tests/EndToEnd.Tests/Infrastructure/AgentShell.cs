namespace Codewalkers.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Shell commands a scripted agent runs with its Bash tool, leaving what they printed and their exit code in files
/// the test reads (the agent runs on this machine, so a directory of the test's is within its reach).
/// </summary>
public sealed class AgentShell(string directory)
{
    public string Directory { get; } = System.IO.Directory.CreateDirectory(directory).FullName;

    /// <summary>Runs <paramref name="command"/>, keeping <c>name.out</c>, <c>name.err</c> and then <c>name.rc</c>.</summary>
    public string Capture(string name, string command) =>
        $"{command} > {Directory}/{name}.out 2> {Directory}/{name}.err; echo $? > {Directory}/{name}.rc.tmp; "
        + $"mv {Directory}/{name}.rc.tmp {Directory}/{name}.rc";

    public bool Finished(string name) => File.Exists(Path.Combine(Directory, $"{name}.rc"));

    public string Read(string file) => File.ReadAllText(Path.Combine(Directory, file)).Trim();
}
