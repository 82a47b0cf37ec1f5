using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Extensions;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Persistence;
using Codewalkers.ServiceDefaults;
using Codewalkers.ServiceDefaults.Validation;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
await app.MigrateDatabaseAsync<AgentsDbContext>();
app.UseServiceDefaults();
// One group for every API, so each request body is checked against its type before a handler runs.
var api = app.MapGroup("").CheckRequestShapes();
api.MapAgentsApi();
api.MapAccountsApi();
api.MapProvidersApi();
api.MapWorkspaceApi();
api.MapUsageApi();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the functional tests.</summary>
public partial class Program;
