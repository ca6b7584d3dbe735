using System;
using System.Globalization;
using System.Threading.Tasks;

namespace Containarium.GceEmulator
{
    /// <summary>
    /// Standalone: <c>dotnet run --project tests/Containarium.GceEmulator -- --urls http://127.0.0.1:8089
    /// [--config emulator.json] [--token T]… [--step-ms 500] [--backend NAME=HOST:SSHPORT]… [--no-auth]</c>.
    /// Prints the compute endpoint and the token URL, then serves until Ctrl+C.
    /// </summary>
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            var url = "http://127.0.0.1:8089";
            var options = new EmulatorOptions();
            try
            {
                for (var i = 0; i < args.Length; i++)
                {
                    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                    switch (args[i])
                    {
                        case "--urls": url = Next().Split(';')[0]; break;
                        case "--config": options = EmulatorOptions.Load(Next()); break;
                        case "--token": options.AccessTokens.Add(Next()); break;
                        case "--step-ms": options.StepMilliseconds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                        case "--no-auth": options.RequireAuth = false; break;
                        case "--backend":
                            var spec = Next();
                            var eq = spec.IndexOf('=');
                            var colon = spec.LastIndexOf(':');
                            if (eq <= 0 || colon <= eq) throw new ArgumentException("--backend expects NAME=HOST:SSHPORT.");
                            options.Backends.Add(new BackendMapping
                            {
                                Instance = spec.Substring(0, eq),
                                Host = spec.Substring(eq + 1, colon - eq - 1),
                                SshPort = int.Parse(spec.Substring(colon + 1), CultureInfo.InvariantCulture),
                            });
                            break;
                        case "--help":
                        case "-h":
                            Console.WriteLine("Containarium.GceEmulator [--urls URL] [--config FILE] [--token T]... [--step-ms N] [--backend NAME=HOST:PORT]... [--no-auth]");
                            return 0;
                        default: throw new ArgumentException($"Unknown argument {args[i]}.");
                    }
                }
            }
            catch (Exception e) when (e is ArgumentException || e is FormatException)
            {
                Console.Error.WriteLine("gce-emulator: " + e.Message);
                return 2;
            }
            if (options.StepMilliseconds == 0 && !Array.Exists(args, a => a == "--step-ms")) options.StepMilliseconds = 500;

            await using var host = await GceEmulatorHost.StartAsync(options, url, log: true);
            Console.WriteLine($"CONTAINARIUM_GCE_ENDPOINT={host.ComputeEndpoint}");
            Console.WriteLine($"token_uri={host.TokenUrl}");
            Console.WriteLine($"metadata token={host.MetadataTokenUrl}");
            Console.Out.Flush();
            await host.WaitForShutdownAsync();
            return 0;
        }
    }
}
