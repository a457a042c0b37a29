using Authorizer.Local.Commands;

// invoke prints only the function's response on stdout; the functions' own log lines go to stderr.
var stdout = args.Length > 0 && args[0] == "invoke" ? StandardOutputGuard.DivertFunctionOutput() ?? Console.Out : Console.Out;
return await CommandLine.RunAsync(args, stdout, Console.Error).ConfigureAwait(false);
