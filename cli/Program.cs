using Codewalkers.Cli;
using Codewalkers.Cli.Core;

return await CwApp.RunAsync(args, CliHost.System);
