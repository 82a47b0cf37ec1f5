using System.Text.Json;
using Codewalkers.Agents.Workspace;
using Codewalkers.ServiceDefaults;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// The thresholds a user set at runtime, kept in <c>$CW_HOME/data/admission.json</c> (written whole, then renamed) so
/// they outlive a restart of the service; configuration gives the defaults underneath.
/// </summary>
public sealed class AdmissionSettings
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _file;
    private readonly Lock _gate = new();

    public AdmissionSettings(IConfiguration configuration)
    {
        _file = Path.Combine(CodewalkersHome.From(configuration).DataDirectory, "admission.json");
        Current = File.Exists(_file)
            ? JsonSerializer.Deserialize<AdmissionLimits>(File.ReadAllText(_file), Json) ?? new AdmissionLimits()
            : new AdmissionLimits();
    }

    public AdmissionLimits Current { get; private set; }

    public void Replace(AdmissionLimits limits)
    {
        lock (_gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
            AgentFiles.WriteAtomically(_file, JsonSerializer.Serialize(limits, Json));
            Current = limits;
        }
    }
}
