using Codewalkers.Messaging.Persistence;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Execution;
using Codewalkers.Planning.Extensions;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
await app.MigrateDatabaseAsync<PlanningDbContext>();
app.UseServiceDefaults();
app.MapProjectsApi();
app.MapInitiativesApi();
app.MapPagesApi();
app.MapPhasesApi();
app.MapTasksApi();
app.MapProposalsApi();
app.MapChangeSetsApi();
app.MapArchitectsApi();
app.MapExecutionApi();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the functional tests.</summary>
public partial class Program;
