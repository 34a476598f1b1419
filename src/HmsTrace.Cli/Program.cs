using HmsTrace.Cli;

return await HmsTraceCli.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
