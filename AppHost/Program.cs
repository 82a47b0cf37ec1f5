using Codewalkers.AppHost;
using Codewalkers.AppHost.Broker;
using Codewalkers.AppHost.Cli;
using Codewalkers.AppHost.Database;
using Codewalkers.AppHost.Deployment;
using Codewalkers.AppHost.ControlPlane;
using Codewalkers.AppHost.Programs;
using Codewalkers.AppHost.Supervision;
using Codewalkers.ServiceDefaults;

if (BuiltPrograms.Missing() is { } missing)
{
    Console.Error.WriteLine(missing);
    return 3;
}

var builder = DistributedApplication.CreateBuilder(args);
var publishing = builder.IsPublishing();
var cwHome = publishing
    ? PublishedLayout.Home(builder)
    : CodewalkersHome.Resolve(builder.Configuration[CodewalkersHome.ConfigurationKey]);
if (!publishing) builder.SecureDashboard(cwHome);

MessageBroker broker;
try
{
    broker = builder.AddMessageBroker(cwHome);
}
catch (BrokerUnavailableException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 3;
}

ServiceDatabases databases;
try
{
    databases = ServiceDatabases.Add(builder, cwHome);
}
catch (PostgresUnavailableException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 3;
}

var planning = builder.AddService<Projects.Planning>("planning", cwHome, broker);
// Agents:Replicas runners of the Agents service (AgentRunners); the first, "agents", is the service's address.
var agentRunners = builder.AddAgentRunners(cwHome, broker, databases);
var agents = agentRunners[0];
var collaboration = builder.AddService<Projects.Collaboration>("collaboration", cwHome, broker);
var errands = builder.AddService<Projects.Errands>("errands", cwHome, broker);
// Each service keeps its own database: a SQLite file under CW_HOME, or its database on the one PostgreSQL server.
databases.Attach(planning, "planning");
databases.Attach(collaboration, "collaboration");
databases.Attach(errands, "errands");

// Planning reads diffs and commit lists from the clones the Agents service owns.
planning.WithReference(agents);
// Review comments are placed on the current diff, read from Planning; request-changes reads the comment threads.
collaboration.WithReference(planning);
planning.WithReference(collaboration);
// Errands reads branches and diffs from the Agents service's clones.
errands.WithReference(agents);

var web = builder.AddWebApp(cwHome, [planning, agents, collaboration, errands]);
var gateway = builder.AddGateway(cwHome, [planning, agents, collaboration, errands, web]);
// The web app calls the API through the gateway, as any client does.
web.WithEnvironment("Web__ApiUrl", gateway.GetEndpoint("http"));

// Agents call back through the gateway (cw ask, cw task add, ...): tell them where it is, and put cw on their PATH.
var cliDirectory = publishing ? Path.Combine(cwHome, CwLauncher.DirectoryName) : CwLauncher.Write(cwHome);
foreach (var runner in agentRunners)
{
    runner.WithEnvironment("Agents__ApiUrl", gateway.GetEndpoint("http"));
    runner.WithEnvironment("Agents__CliDirectory", cliDirectory);
}

if (publishing) builder.DescribeDeployment([planning, agents, collaboration, errands],
    [planning, agents, collaboration, errands, web, gateway]);

// What dies comes back: the services, the gateway and the broker we started are restarted when they exit unasked.
IResource[] supervised =
    [planning.Resource, .. agentRunners.Select(runner => runner.Resource), collaboration.Resource, errands.Resource,
        web.Resource, gateway.Resource];
IResource[] backing = [.. new[] { broker.Server, databases.Server }.OfType<IResourceBuilder<IResource>>()
    .Select(resource => resource.Resource)];
if (!publishing) builder.AddSupervision([.. supervised, .. backing]);

builder.Build().Run();
return 0;
