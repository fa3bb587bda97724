using System;
using ThreatAnalyzers.Tool;

// Colour and the summary table only for a person at a terminal: CI logs and redirected output stay plain (NO_COLOR too).
var interactive = !Console.IsOutputRedirected
                  && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
                  && Environment.GetEnvironmentVariable("TERM") != "dumb";
return ThreatModelCli.Run(args, Console.Out, Console.Error, interactive);
