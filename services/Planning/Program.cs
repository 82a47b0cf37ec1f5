using Codewalkers.Persistence;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Extensions;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.ServiceDefaults;
using Codewalkers.ServiceDefaults.Validation;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
await app.MigrateDatabaseAsync<PlanningDbContext>();
app.UseServiceDefaults();
// One group for every API, so each request body is checked against its type before a handler runs.
var api = app.MapGroup("").CheckRequestShapes();
api.MapProjectsApi();
api.MapInitiativesApi();
api.MapPagesApi();
api.MapPhasesApi();
api.MapTasksApi();
api.MapProposalsApi();
api.MapChangeSetsApi();
api.MapArchitectsApi();
api.MapExecutionApi();
api.MapOverlapsApi();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the functional tests.</summary>
public partial class Program;
