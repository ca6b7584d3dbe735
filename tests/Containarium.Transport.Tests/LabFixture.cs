using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Transport;
using Containarium.SshLab;
using Xunit;

namespace Containarium.Transport.Tests
{
    /// <summary>Shared lab for the SSH tests: a target and two jump hosts. Tests that stop or restart sshd start their own.</summary>
    public sealed class LabFixture : IDisposable
    {
        public LabFixture()
        {
            Lab = new SshLab.SshLab();
            Target = Lab.StartSshd("target");
            Jump1 = Lab.StartSshd("jump1");
            Jump2 = Lab.StartSshd("jump2");
        }

        public SshLab.SshLab Lab { get; }
        public PrivateSshd Target { get; }
        public PrivateSshd Jump1 { get; }
        public PrivateSshd Jump2 { get; }

        /// <summary>Settings for a route to <paramref name="target"/> through <paramref name="jumps"/>, with a fresh known_hosts file.</summary>
        public SshConnectionSettings Settings(PrivateSshd target, params PrivateSshd[] jumps) =>
            new SshConnectionSettings(target.Endpoint, Lab.KeyFile)
            {
                JumpHosts = jumps.Select(j => j.Endpoint).ToList(),
                KnownHostsPath = Lab.NewKnownHostsPath(),
                ConnectTimeout = TimeSpan.FromSeconds(5),
                CommandTimeout = TimeSpan.FromSeconds(60),
            };

        public void Dispose() => Lab.Dispose();
    }

    [CollectionDefinition(Name)]
    public sealed class LabCollection : ICollectionFixture<LabFixture>
    {
        public const string Name = "ssh lab";
    }

    internal static class TestData
    {
        public const int SixtyFourMiB = 64 * 1024 * 1024;

        public static byte[] RandomBytes(int count, int seed = 42)
        {
            var data = new byte[count];
            new Random(seed).NextBytes(data);
            return data;
        }

        public static string Sha256Hex(byte[] data) => Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant();

        /// <summary>Runs a command line with optional stdin, stdout sink and timeout.</summary>
        public static Task<CommandResult> Run(this ICommandTransport transport, string commandLine, Stream? stdin = null, Stream? sink = null,
            TimeSpan? timeout = null, CancellationToken ct = default) =>
            transport.RunAsync(new RemoteCommand(commandLine) { StandardInput = stdin, StandardOutputSink = sink, Timeout = timeout }, ct);

        /// <summary>Awaits a task but fails the test instead of hanging forever.</summary>
        public static async Task<T> Within<T>(this Task<T> task, double seconds) => await task.WaitAsync(TimeSpan.FromSeconds(seconds));

        public static async Task<(T Value, TimeSpan Elapsed)> Timed<T>(Func<Task<T>> action)
        {
            var clock = Stopwatch.StartNew();
            var value = await action();
            return (value, clock.Elapsed);
        }

        public static async Task<(TException Error, TimeSpan Elapsed)> TimedThrows<TException>(Func<Task> action) where TException : Exception
        {
            var clock = Stopwatch.StartNew();
            var error = await Assert.ThrowsAnyAsync<TException>(action);
            return (error, clock.Elapsed);
        }
    }
}
