using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Gce;
using Containarium.Core.Transport;

namespace Containarium.Core.Bootstrap
{
    /// <summary>
    /// Runs the same bootstrap script as the GCE startup script on any host reachable over a transport: first in plan
    /// mode (reads only), then, if the caller agrees, in apply mode. The script travels on stdin and its parameters as
    /// quoted assignments inside it, so the only command line sent is a constant; root comes from `sudo -n`.
    /// </summary>
    public sealed class BackendBootstrapper
    {
        // Spool stdin to a root-only file first: nothing the script runs can then eat the rest of the script.
        private const string RunFromStdin = "sudo -n sh -c 'f=$(mktemp) || exit 1; cat >\"$f\"; sh \"$f\"; rc=$?; rm -f \"$f\"; exit $rc'";
        private static readonly Regex UploadDir = new Regex("^/var/tmp/containarium-image\\.[A-Za-z0-9]+\\z", RegexOptions.CultureInvariant);
        private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(30);
        private readonly ICommandTransport _transport;
        private readonly string _host;

        public BackendBootstrapper(ICommandTransport transport, string host)
        {
            _transport = transport;
            _host = host;
        }

        /// <summary>What apply would do, step by step (Pending = would change); changes nothing on the host.</summary>
        public Task<IReadOnlyList<BootstrapStep>> PlanAsync(BootstrapOptions options, CancellationToken ct) =>
            RunScriptAsync(options.ScriptParameters(plan: true, uploadedImageDirectory: null), ct);

        /// <summary>
        /// Applies the bootstrap. The local image is uploaded only when <paramref name="plan"/> says the host lacks it;
        /// the upload directory is removed afterwards whatever happens.
        /// </summary>
        public async Task<IReadOnlyList<BootstrapStep>> ApplyAsync(BootstrapOptions options, IReadOnlyList<BootstrapStep> plan,
            Action<long, long>? uploadProgress, CancellationToken ct)
        {
            var needsImage = options.Image != null && plan.Any(s => s.Step == "image" && s.Status == BootstrapStatus.Pending);
            if (!needsImage) return await RunScriptAsync(options.ScriptParameters(false, null), ct).ConfigureAwait(false);
            var dir = await MakeUploadDirAsync(ct).ConfigureAwait(false);
            try
            {
                await UploadAsync(options.Image!, dir, uploadProgress, ct).ConfigureAwait(false);
                return await RunScriptAsync(options.ScriptParameters(false, dir), ct).ConfigureAwait(false);
            }
            finally
            {
                using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try { await _transport.RunAsync(RemoteCommand.FromArguments("sudo", "-n", "rm", "-rf", "--", dir), cleanup.Token).ConfigureAwait(false); }
                catch (Exception e) when (!(e is OutOfMemoryException)) { /* best effort: a root-only directory under /var/tmp */ }
            }
        }

        /// <summary>The whole script text that would run (parameters included), for -Verbose and tests.</summary>
        public static string Script(IEnumerable<KeyValuePair<string, string>> parameters) => BootstrapScript.Render(parameters);

        private async Task<IReadOnlyList<BootstrapStep>> RunScriptAsync(List<KeyValuePair<string, string>> parameters, CancellationToken ct)
        {
            var command = new RemoteCommand(RunFromStdin)
            {
                StandardInput = new MemoryStream(Encoding.UTF8.GetBytes(Script(parameters))),
                Timeout = ScriptTimeout,
            };
            var result = await _transport.RunAsync(command, ct).ConfigureAwait(false);
            ThrowIfSudoRefused(result);
            var steps = BootstrapStep.Parse(result.StandardOutput);
            if (result.Succeeded) return steps;
            var done = steps.Count == 0 ? "before the first step" : "after step " + steps[steps.Count - 1].Step;
            throw new BootstrapException($"{_host}: the bootstrap stopped {done} (exit {result.ExitCode}): {Tail(result.StandardError)}", result.ExitCode);
        }

        private async Task<string> MakeUploadDirAsync(CancellationToken ct)
        {
            var result = await _transport.RunAsync(RemoteCommand.FromArguments("sudo", "-n", "mktemp", "-d", "/var/tmp/containarium-image.XXXXXXXX"), ct).ConfigureAwait(false);
            ThrowIfSudoRefused(result);
            var dir = result.StandardOutput.Trim();
            if (!result.Succeeded || !UploadDir.IsMatch(dir))
                throw new BootstrapException($"{_host}: could not make a directory for the image upload: {Tail(result.StandardError)}", result.ExitCode);
            return dir;
        }

        private async Task UploadAsync(LocalImage image, string dir, Action<long, long>? progress, CancellationToken ct)
        {
            var total = image.Length;
            long sent = 0;
            foreach (var (path, name) in image.Files.Zip(new[] { "meta", "rootfs" }, (p, n) => (p, n)))
            {
                using var file = new ProgressStream(File.OpenRead(path), n => progress?.Invoke(sent += n, total));
                var command = RemoteCommand.FromArguments("sudo", "-n", "sh", "-c", "cat >\"$1\"", "containarium", dir + "/" + name);
                command.StandardInput = file;
                command.Timeout = ScriptTimeout;
                var result = await _transport.RunAsync(command, ct).ConfigureAwait(false);
                if (!result.Succeeded)
                    throw new BootstrapException($"{_host}: uploading {Path.GetFileName(path)} failed (exit {result.ExitCode}): {Tail(result.StandardError)}", result.ExitCode);
            }
        }

        private void ThrowIfSudoRefused(CommandResult result)
        {
            if (result.ExitCode != 0 && result.StandardError.TrimStart().StartsWith("sudo:", StringComparison.Ordinal))
                throw new SudoRequiredException(_host, Tail(result.StandardError));
        }

        private static string Tail(string text)
        {
            var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            return lines.Count == 0 ? "(no message)" : string.Join(" | ", lines.Skip(Math.Max(0, lines.Count - 4)));
        }
    }
}
