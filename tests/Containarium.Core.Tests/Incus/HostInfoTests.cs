using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Incus;
using Containarium.Core.Transport;
using Xunit;

namespace Containarium.Core.Tests.Incus
{
    public class HostInfoTests
    {
        /// <summary>Answers `incus query --raw -X GET path` from a table of sync envelopes and records the order of
        /// requests, and which requests were sent before the default profile's answer was released.</summary>
        private sealed class ScriptedIncus : ICommandTransport
        {
            public readonly ConcurrentDictionary<string, string> Answers = new ConcurrentDictionary<string, string>();
            public readonly ConcurrentQueue<string> Sent = new ConcurrentQueue<string>();
            public List<string> SentBeforeProfileAnswered = new List<string>();
            public string Description => "scripted";
            public Task ConnectAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            public void Dispose() { }

            public async Task<CommandResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken)
            {
                var path = command.CommandLine.Split(' ').Last().Trim('\'');
                Sent.Enqueue(path);
                if (path == "/1.0/profiles/default")
                {
                    await Task.Delay(50, cancellationToken);
                    SentBeforeProfileAnswered = Sent.ToList();
                }
                if (!Answers.TryGetValue(path, out var metadata))
                    return new CommandResult(0, "{\"type\":\"error\",\"error\":\"not found\",\"error_code\":404,\"metadata\":null}", "");
                return new CommandResult(0, "{\"type\":\"sync\",\"status_code\":200,\"metadata\":" + metadata + "}", "");
            }

            /// <summary>Starts a fresh record for the next read.</summary>
            public IncusClient Client()
            {
                Sent.Clear();
                SentBeforeProfileAnswered = new List<string>();
                return new IncusClient(this);
            }

            public void UsePool(string pool, string driver, long total)
            {
                Answers["/1.0/profiles/default"] = "{\"devices\":{\"root\":{\"type\":\"disk\",\"path\":\"/\",\"pool\":\"" + pool + "\"}}}";
                Answers["/1.0/storage-pools/" + pool] = "{\"driver\":\"" + driver + "\"}";
                Answers["/1.0/storage-pools/" + pool + "/resources"] = "{\"space\":{\"total\":" + total + ",\"used\":1}}";
            }
        }

        private static ScriptedIncus NewHost()
        {
            var host = new ScriptedIncus();
            host.Answers["/1.0"] = "{\"environment\":{\"server_version\":\"6.0.4\",\"server_clustered\":false}}";
            host.Answers["/1.0/instances"] = "[\"/1.0/instances/a\",\"/1.0/instances/b\"]";
            host.Answers["/1.0/resources"] = "{\"cpu\":{\"total\":4},\"memory\":{\"total\":8000,\"used\":1000}}";
            host.UsePool("fast", "btrfs", 6000);
            return host;
        }

        [Fact]
        public async Task A_repeated_read_asks_for_the_pool_in_the_first_round()
        {
            var host = NewHost();
            var key = "host-" + Guid.NewGuid();
            var first = await HostInfo.ReadAsync(host.Client(), CancellationToken.None, key);
            Assert.DoesNotContain("/1.0/storage-pools/fast", host.SentBeforeProfileAnswered);
            Assert.Equal("btrfs", first.StorageDriver);

            var second = await HostInfo.ReadAsync(host.Client(), CancellationToken.None, key);
            Assert.Contains("/1.0/storage-pools/fast", host.SentBeforeProfileAnswered);
            Assert.Equal(6000, second.DiskTotal);
            Assert.Equal(2, second.Containers);
            Assert.Equal(4, second.CpuThreads);
        }

        [Fact]
        public async Task A_stale_pool_guess_is_corrected_by_the_profile()
        {
            var host = NewHost();
            var key = "host-" + Guid.NewGuid();
            await HostInfo.ReadAsync(host.Client(), CancellationToken.None, key);
            // The admin moved the default profile to another pool and deleted the old one.
            host.UsePool("big", "zfs", 90000);
            host.Answers.TryRemove("/1.0/storage-pools/fast", out _);
            host.Answers.TryRemove("/1.0/storage-pools/fast/resources", out _);

            var info = await HostInfo.ReadAsync(host.Client(), CancellationToken.None, key);
            Assert.Equal("big", info.StoragePool);
            Assert.Equal("zfs", info.StorageDriver);
            Assert.Equal(90000, info.DiskTotal);
        }

        [Fact]
        public async Task Without_a_key_nothing_is_guessed()
        {
            var host = NewHost();
            await HostInfo.ReadAsync(host.Client(), CancellationToken.None);
            var info = await HostInfo.ReadAsync(host.Client(), CancellationToken.None);
            Assert.DoesNotContain("/1.0/storage-pools/fast", host.SentBeforeProfileAnswered);
            Assert.Equal("btrfs", info.StorageDriver);
        }
    }
}
