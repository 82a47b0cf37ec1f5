using Codewalkers.Collaboration.Apis;
using Codewalkers.Collaboration.Extensions;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.Persistence;
using Codewalkers.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
await app.MigrateDatabaseAsync<CollaborationDbContext>();
app.UseServiceDefaults();
app.MapConversationsApi();
app.MapMessagesApi();
app.MapEventsApi();
app.MapWebhooksApi();
app.MapReviewCommentsApi();
app.MapChatSessionsApi();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the functional tests.</summary>
public partial class Program;
