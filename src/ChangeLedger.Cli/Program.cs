using ChangeLedger.Cli;

return await LedgerCommands.Run(args, CliHost.Console());
