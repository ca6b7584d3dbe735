using System;
using Containarium.HelpBuilder.Cli;

namespace Containarium.HelpBuilder
{
    public static class Program
    {
        public static int Main(string[] args) => new HelpCli(Console.Out, Console.Error).Run(args);
    }
}
