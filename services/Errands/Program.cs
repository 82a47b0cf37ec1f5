using Codewalkers.Errands.Apis;
using Codewalkers.Errands.Extensions;
using Codewalkers.Errands.Infrastructure;
using Codewalkers.Persistence;
using Codewalkers.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
await app.MigrateDatabaseAsync<ErrandsDbContext>();
app.UseServiceDefaults();
app.MapProjectsApi();
app.MapErrandsApi();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the functional tests.</summary>
public partial class Program;
