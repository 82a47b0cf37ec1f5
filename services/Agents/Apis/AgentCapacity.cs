using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Runners;
using Codewalkers.Agents.Supervision;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Apis;

/// <summary><see cref="HeldMemoryMb"/>: held for the agents launched seconds ago, which the measurement may not show yet.</summary>
public sealed record CapacityMeasuredResponse(
    long FreeMemoryMb, long TotalMemoryMb, double LoadAverage, int Cores, double LoadPerCore, long FreeDiskMb,
    int RunningAgents, long HeldMemoryMb);

public sealed record CapacityThresholdsResponse(
    long MinFreeMemoryMb, double MaxLoadPerCore, long MinFreeDiskMb, int? MaxRunningAgents);

/// <summary>Whether agents launch now, and why not: <see cref="Reason"/> is what waiting agents show.</summary>
public sealed record CapacityResponse(
    bool Admitting, string? Reason, CapacityMeasuredResponse Measured, CapacityThresholdsResponse Thresholds,
    AdmissionLimits Overrides, int WaitingAgents, DateTimeOffset MeasuredAt);

/// <summary>
/// <c>GET /api/agents/capacity</c> (measured now) and <c>PUT</c> (thresholds set at runtime: kept across restarts, and
/// the waiting agents are judged again at once).
/// </summary>
public static class AgentCapacity
{
    public sealed record CapacityRequest(
        long? MinFreeMemoryMb, double? MaxLoadPerCore, long? MinFreeDiskMb, int? MaxRunningAgents);

    public static async Task<Ok<CapacityResponse>> GetAsync(
        AgentsDbContext db, AdmissionControl admission, AdmissionSettings settings, ThisRunner runner,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await ReportAsync(db, admission, settings, runner, cancellationToken));

    public static async Task<Ok<CapacityResponse>> SetAsync(
        CapacityRequest? request, AgentsDbContext db, AdmissionControl admission, AdmissionSettings settings,
        AgentSupervisor supervisor, ThisRunner runner, CancellationToken cancellationToken)
    {
        if (request is null) throw new ValidationException("body", "A JSON body is required.");
        var errors = new Dictionary<string, string[]>();
        if (request.MinFreeMemoryMb < 0) errors["minFreeMemoryMb"] = ["minFreeMemoryMb cannot be negative."];
        if (request.MaxLoadPerCore is <= 0 or double.NaN)
            errors["maxLoadPerCore"] = ["maxLoadPerCore must be above 0."];
        if (request.MinFreeDiskMb < 0) errors["minFreeDiskMb"] = ["minFreeDiskMb cannot be negative."];
        if (request.MaxRunningAgents < 0)
            errors["maxRunningAgents"] = ["maxRunningAgents cannot be negative (0: no limit)."];
        if (errors.Count > 0) throw new ValidationException(errors);
        settings.Replace(new AdmissionLimits(
            request.MinFreeMemoryMb, request.MaxLoadPerCore, request.MinFreeDiskMb, request.MaxRunningAgents));
        admission.Invalidate();
        supervisor.Wake();
        return TypedResults.Ok(await ReportAsync(db, admission, settings, runner, cancellationToken));
    }

    private static async Task<CapacityResponse> ReportAsync(
        AgentsDbContext db, AdmissionControl admission, AdmissionSettings settings, ThisRunner runner,
        CancellationToken cancellationToken)
    {
        var report = admission.Judge(await RunningAgents.CountAsync(db, runner, cancellationToken), fresh: true);
        var waiting = await db.Agents.CountAsync(
            a => a.Status == AgentStatus.WaitingForCapacity && a.UserDismissedAt == null, cancellationToken);
        var (measured, thresholds) = (report.Measured, report.Thresholds);
        return new CapacityResponse(report.Admitting, report.Admitting ? null : report.Reason,
            new CapacityMeasuredResponse(measured.FreeMemoryMb, measured.TotalMemoryMb, measured.LoadAverage,
                measured.Cores, Math.Round(measured.LoadPerCore, 2), measured.FreeDiskMb, report.RunningAgents,
                report.Held.Mb),
            new CapacityThresholdsResponse(thresholds.MinFreeMemoryMb, thresholds.MaxLoadPerCore,
                thresholds.MinFreeDiskMb, thresholds.MaxRunningAgents),
            settings.Current, waiting, report.MeasuredAt);
    }
}
