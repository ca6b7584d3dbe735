using System;
using System.IO;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Containarium.Core.Transport
{
    /// <summary>The command never reached the host (its channel was never confirmed): safe to run again on a new connection.</summary>
    internal sealed class CommandNotStartedException : Exception
    {
        public CommandNotStartedException(Exception inner) : base(inner.Message, inner) { }
    }

    /// <summary>
    /// One command on one route: a channel slot, exec, stdin (then EOF), stdout to a sink or a buffer, the tail of stderr,
    /// and the deadline. Whatever happens, the slot is given back only after SSH.NET released the channel.
    /// </summary>
    internal sealed class SshCommandRun
    {
        private readonly SshRoute _route;
        private readonly RemoteCommand _command;
        private readonly CommandDeadline _deadline;
        private readonly string _hop;
        private readonly TailBuffer _stderr = new TailBuffer();
        private readonly TaskCompletionSource<Exception> _pumpFailure = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        private MemoryStream? _stdout;
        private SshCommand _ssh = null!;
        private Task _exec = null!;
        private int _finished;

        private SshCommandRun(SshRoute route, RemoteCommand command, CommandDeadline deadline, string hop)
        {
            _route = route;
            _command = command;
            _deadline = deadline;
            _hop = hop;
        }

        public static Task<CommandResult> RunAsync(SshRoute route, RemoteCommand command, CommandDeadline deadline, string hop) =>
            new SshCommandRun(route, command, deadline, hop).RunAsync();

        private async Task<CommandResult> RunAsync()
        {
            try
            {
                await _route.Channels.WaitAsync(_deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw _deadline.ToException(_hop, _command.CommandLine);
            }

            // Opening the channel and sending exec block for a round trip each inside SSH.NET.
            var start = Task.Run(Start);
            await Task.WhenAny(start, _deadline.Fired).ConfigureAwait(false);
            if (!start.IsCompleted)
            {
                _ = start.ContinueWith(t =>
                {
                    if (t.Status == TaskStatus.RanToCompletion) Abort(kill: false);
                    else _route.Channels.Release();
                }, TaskScheduler.Default);
                throw _deadline.ToException(_hop, _command.CommandLine);
            }
            if (start.Exception != null)
            {
                _route.Channels.Release();
                ExceptionDispatchInfo.Capture(start.Exception.GetBaseException()).Throw();
            }

            var stdin = StartStdin();
            var stdoutPump = Watch(CommandIo.RunDedicated("ssh-stdout", CopyStdout));
            var stderrPump = Watch(CommandIo.RunDedicated("ssh-stderr", () => CommandIo.DrainInto(_ssh.ExtendedOutputStream, _stderr)));
            if (stdin != null) _ = Watch(stdin);

            var first = await Task.WhenAny(_exec, _deadline.Fired, _pumpFailure.Task).ConfigureAwait(false);
            if (first == _pumpFailure.Task && !_exec.IsCompleted)
            {
                // Our side failed (the stdin source or the stdout sink): kill the command so that partial input never looks complete.
                Abort(kill: true);
                ExceptionDispatchInfo.Capture(_pumpFailure.Task.Result).Throw();
            }
            if (first == _deadline.Fired && !_exec.IsCompleted)
            {
                Abort(kill: false);
                throw _deadline.ToException(_hop, _command.CommandLine);
            }
            if (_exec.IsFaulted || _exec.IsCanceled)
            {
                var cause = _exec.Exception?.GetBaseException();
                Finish();
                throw new TransportException(TransportFailure.ConnectionLost, _hop,
                    $"Connection to {_hop} was lost while a command ran ({cause?.Message ?? "channel cancelled"}): {CommandDeadline.Abbreviate(_command.CommandLine)}", cause);
            }

            // The channel closed; SSH.NET has disposed its pipes, so the pumps end once the buffered output is drained.
            var outputs = Task.WhenAll(stdoutPump, stderrPump);
            await Task.WhenAny(outputs, _deadline.Fired).ConfigureAwait(false);
            if (!outputs.IsCompleted)
            {
                Abort(kill: false);
                throw _deadline.ToException(_hop, _command.CommandLine);
            }
            var exitCode = _ssh.ExitStatus ?? CommandIo.ExitCodeForSignal(_ssh.ExitSignal);
            Finish();
            if (outputs.IsFaulted) ExceptionDispatchInfo.Capture(outputs.Exception!.GetBaseException()).Throw();
            return new CommandResult(exitCode, _stdout == null ? "" : CommandIo.DecodeUtf8(_stdout), _stderr.ToString());
        }

        private void Start()
        {
            // A command without stdin reads /dev/null on the host. Sending channel EOF instead races the server's close of a
            // command that ends at once: an EOF that arrives after both CLOSEs makes sshd drop the whole connection
            // ("ieof packet referred to nonexistent channel"), and with it every other command on the route.
            var commandLine = _command.StandardInput == null ? "exec </dev/null; " + _command.CommandLine : _command.CommandLine;
            try
            {
                _ssh = _route.Target.CreateCommand(commandLine);
            }
            catch (Exception e) when (IsConnectionFailure(e))
            {
                throw new CommandNotStartedException(e);
            }
            try
            {
                _exec = _ssh.ExecuteAsync(CancellationToken.None);
            }
            catch (Exception e)
            {
                var confirmed = SshNetInternals.ChannelWasConfirmed(_ssh);
                _ssh.Dispose();
                if (confirmed == false && IsConnectionFailure(e)) throw new CommandNotStartedException(e);
                if (IsConnectionFailure(e))
                    throw new TransportException(TransportFailure.ConnectionLost, _hop, $"Connection to {_hop} was lost while starting a command: {e.Message}", e);
                throw new TransportException(TransportFailure.ChannelRejected, _hop,
                    $"{_hop} refused to start a command ({e.Message}); is its sshd MaxSessions lower than the transport's?", e);
            }
        }

        private Task? StartStdin()
        {
            var source = _command.StandardInput;
            if (source == null) return null;
            return CommandIo.RunDedicated("ssh-stdin", () =>
            {
                Stream input;
                try { input = _ssh.CreateInputStream(); }
                catch (InvalidOperationException) { return; } // the command already ended
                var written = CommandIo.FeedInput(source, input, () => _exec.IsCompleted);
                try
                {
                    // ChannelInputStream sends EOF on Dispose only if something was written.
                    if (written > 0) input.Dispose();
                    else SshNetInternals.TrySendEof(_ssh);
                }
                catch (Exception e) when (e is InvalidOperationException || e is SshException || e is ObjectDisposedException)
                {
                    // Channel already closed: the command finished without needing the rest.
                }
            });
        }

        private void CopyStdout()
        {
            if (_command.StandardOutputSink != null)
            {
                CommandIo.Copy(_ssh.OutputStream, _command.StandardOutputSink);
                return;
            }
            _stdout = new MemoryStream();
            CommandIo.Copy(_ssh.OutputStream, _stdout);
        }

        private Task Watch(Task pump)
        {
            pump.ContinueWith(t => _pumpFailure.TrySetResult(t.Exception!.GetBaseException()),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return pump;
        }

        /// <summary>Signals the remote process (TERM, or KILL when our input failed), closes the channel in the background, frees the slot.</summary>
        private void Abort(bool kill)
        {
            _ = Task.Run(() =>
            {
                try { _ssh.CancelAsync(forceKill: kill, millisecondsTimeout: 0); }
                catch (Exception) { /* the channel or session is already gone */ }
                Finish();
            });
        }

        private void Finish()
        {
            if (Interlocked.Exchange(ref _finished, 1) != 0) return;
            try { _ssh.Dispose(); }
            catch (Exception) { /* closing a channel of a dead session */ }
            _route.Channels.Release();
        }

        internal static bool IsConnectionFailure(Exception e) =>
            e is SshConnectionException || e is SocketException || e is ObjectDisposedException || e is SshOperationTimeoutException || e is IOException;
    }
}
