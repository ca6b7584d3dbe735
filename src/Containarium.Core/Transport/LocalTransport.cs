using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Containarium.Core.Transport
{
    /// <summary>
    /// Runs command lines on this machine with <c>/bin/sh -c</c> (for running the module on an Incus host itself). Same
    /// semantics as the SSH transport: stdin is the given stream then EOF (or EOF at once), stdout is captured as UTF-8 or
    /// streamed into the sink, the last 64 KiB of stderr are kept, and a timeout or cancellation kills the process tree.
    /// </summary>
    public sealed class LocalTransport : ICommandTransport
    {
        private static readonly MethodInfo? KillTree = typeof(Process).GetMethod("Kill", new[] { typeof(bool) });
        private readonly Dictionary<string, string> _environment;

        /// <param name="environment">Extra environment variables for every command (e.g. INCUS_DIR).</param>
        public LocalTransport(IReadOnlyDictionary<string, string>? environment = null)
        {
            _environment = environment?.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal) ?? new Dictionary<string, string>(StringComparer.Ordinal);
            Description = "local" + (_environment.Count == 0 ? "" : " (" + string.Join(" ", _environment.Select(p => p.Key + "=" + p.Value)) + ")");
        }

        public string Description { get; }

        /// <summary>Used when a command sets no timeout.</summary>
        public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(30);

        public IReadOnlyDictionary<string, string> Environment => _environment;

        public Task ConnectAsync(CancellationToken cancellationToken) => Task.FromResult(true);

        public async Task<CommandResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken)
        {
            if (command is null) throw new ArgumentNullException(nameof(command));
            using (var deadline = new CommandDeadline(command.Timeout ?? CommandTimeout, cancellationToken))
            using (var process = new Process { StartInfo = CreateStartInfo(command.CommandLine), EnableRaisingEvents = true })
            {
                deadline.Token.ThrowIfCancellationRequested();
                var exited = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                process.Exited += (sender, e) => exited.TrySetResult(true);
                process.Start();
                var stdin = process.StandardInput.BaseStream;
                var stderr = new TailBuffer();
                MemoryStream? captured = command.StandardOutputSink == null ? new MemoryStream() : null;
                var failure = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);

                if (command.StandardInput == null) stdin.Dispose(); // EOF at once
                else _ = Watch(failure, CommandIo.RunDedicated("local-stdin", () =>
                {
                    CommandIo.FeedInput(command.StandardInput, stdin, () => exited.Task.IsCompleted);
                    try { stdin.Dispose(); }
                    catch (IOException) { /* the process closed its end */ }
                }));
                var outputs = Task.WhenAll(
                    Watch(failure, CommandIo.RunDedicated("local-stdout", () => CommandIo.Copy(process.StandardOutput.BaseStream, command.StandardOutputSink ?? captured!))),
                    Watch(failure, CommandIo.RunDedicated("local-stderr", () => CommandIo.DrainInto(process.StandardError.BaseStream, stderr))));

                var first = await Task.WhenAny(Task.WhenAll(exited.Task, outputs), deadline.Fired, failure.Task).ConfigureAwait(false);
                if (first == deadline.Fired && !(exited.Task.IsCompleted && outputs.IsCompleted))
                {
                    Kill(process);
                    throw deadline.ToException(Description, command.CommandLine);
                }
                if (first == failure.Task && !exited.Task.IsCompleted)
                {
                    Kill(process); // our input or output side failed: partial input must not look complete
                    ExceptionDispatchInfo.Capture(failure.Task.Result).Throw();
                }
                await Task.WhenAny(outputs, deadline.Fired).ConfigureAwait(false);
                if (!outputs.IsCompleted)
                {
                    Kill(process); // a background child still holds stdout open
                    throw deadline.ToException(Description, command.CommandLine);
                }
                if (outputs.IsFaulted) ExceptionDispatchInfo.Capture(outputs.Exception!.GetBaseException()).Throw();
                process.WaitForExit();
                return new CommandResult(process.ExitCode, captured == null ? "" : CommandIo.DecodeUtf8(captured), stderr.ToString());
            }
        }

        public void Dispose() { }

        private ProcessStartInfo CreateStartInfo(string commandLine)
        {
            var info = new ProcessStartInfo("/bin/sh", "-c " + QuoteArgument(commandLine))
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            foreach (var pair in _environment) info.Environment[pair.Key] = pair.Value;
            return info;
        }

        /// <summary>
        /// Quotes one argument for ProcessStartInfo.Arguments, which .NET splits with the Windows command-line rules on every
        /// platform (netstandard2.0 has no ArgumentList): wrap in double quotes; backslashes double only before a quote.
        /// </summary>
        internal static string QuoteArgument(string argument)
        {
            var sb = new StringBuilder("\"");
            var backslashes = 0;
            foreach (var c in argument)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }
                sb.Append('\\', c == '"' ? backslashes * 2 + 1 : backslashes);
                backslashes = 0;
                sb.Append(c);
            }
            sb.Append('\\', backslashes * 2);
            return sb.Append('"').ToString();
        }

        private static Task Watch(TaskCompletionSource<Exception> failure, Task pump)
        {
            pump.ContinueWith(t => failure.TrySetResult(t.Exception!.GetBaseException()),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return pump;
        }

        /// <summary>Kills the shell and everything it started (Process.Kill(true) where the runtime has it, .NET Core 3+).</summary>
        private static void Kill(Process process)
        {
            try
            {
                if (KillTree != null) KillTree.Invoke(process, new object[] { true });
                else process.Kill();
            }
            catch (Exception e) when (e is InvalidOperationException || e is TargetInvocationException || e is System.ComponentModel.Win32Exception)
            {
                // Already exited.
            }
        }
    }
}
