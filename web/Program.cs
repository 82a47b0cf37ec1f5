using Codewalkers.ServiceDefaults;
using Codewalkers.ServiceDefaults.Security;
using Codewalkers.Web.Api;
using Codewalkers.Web.ApiReference;
using Codewalkers.Web.Components;
using Codewalkers.Web.Live;
using Codewalkers.Web.SignIn;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// Browsers sign in with the cookie BrowserSignIn checks, not with the bearer token.
builder.Services.AddSingleton(new SignedInElsewhere(_ => true));
builder.Services.AddSingleton<BrowserSession>();

builder.Services.AddRazorComponents().AddInteractiveServerComponents();

// No retries here: a click does one thing once, and an error is shown as the service said it. (The removal API is
// marked for evaluation; it is the documented way to opt a client out of the defaults.)
#pragma warning disable EXTEXP0001
var apiUrl = new Uri(builder.Configuration["Web:ApiUrl"] ?? "http://127.0.0.1:5300");
builder.Services.AddHttpClient(GatewayApi.Client, http =>
    {
        http.BaseAddress = apiUrl;
        http.Timeout = TimeSpan.FromSeconds(60);
    })
    .RemoveAllResilienceHandlers();
builder.Services.AddHttpClient(GatewayApi.StreamClient, http =>
    {
        http.BaseAddress = apiUrl;
        http.Timeout = Timeout.InfiniteTimeSpan;
    })
    .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
builder.Services.AddSingleton<GatewayApi>();
builder.Services.AddSingleton<LiveFeed>();
builder.Services.AddHostedService(provider => provider.GetRequiredService<LiveFeed>());

var app = builder.Build();
app.UseServiceDefaults();
app.UseMiddleware<BrowserSignIn>();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapApiReference();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
