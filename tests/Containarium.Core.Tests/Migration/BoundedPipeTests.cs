using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Containarium.Core.Migration;
using Xunit;

namespace Containarium.Core.Tests.Migration
{
    public sealed class BoundedPipeTests
    {
        [Fact]
        public async Task Relays_every_byte_in_order_through_a_small_ring_and_hashes_them()
        {
            var data = new byte[3 * 1024 * 1024 + 17];
            new Random(7).NextBytes(data);
            using var pipe = new BoundedPipe(64 * 1024);
            var writer = Task.Run(() =>
            {
                for (var at = 0; at < data.Length; at += 100_003) pipe.Writer.Write(data, at, Math.Min(100_003, data.Length - at));
                pipe.Complete();
            });
            var received = new MemoryStream();
            var buffer = new byte[50_000];
            int n;
            while ((n = pipe.Reader.Read(buffer, 0, buffer.Length)) > 0) received.Write(buffer, 0, n);
            await writer;

            Assert.Equal(data, received.ToArray());
            Assert.Equal(data.Length, pipe.BytesWritten);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant(), pipe.Sha256);
        }

        [Fact]
        public void A_writer_blocks_when_the_ring_is_full()
        {
            using var pipe = new BoundedPipe(4096);
            var block = new byte[4096];
            pipe.Writer.Write(block, 0, block.Length);
            var second = Task.Run(() => pipe.Writer.Write(block, 0, 1));
            Assert.False(second.Wait(300));
            Assert.Equal(4096, pipe.Reader.Read(new byte[8192], 0, 8192));
            Assert.True(second.Wait(5000));
        }

        [Fact]
        public void A_faulted_source_makes_the_reader_throw_instead_of_seeing_the_end()
        {
            using var pipe = new BoundedPipe(4096);
            pipe.Writer.Write(new byte[10], 0, 10);
            pipe.Fault(new IOException("export died"));
            var e = Assert.Throws<IOException>(() => pipe.Reader.Read(new byte[100], 0, 100));
            Assert.Contains("export died", e.Message);
        }

        [Fact]
        public void A_reader_that_stops_makes_the_blocked_writer_fail()
        {
            using var pipe = new BoundedPipe(4096);
            pipe.Writer.Write(new byte[4096], 0, 4096);
            var blocked = Task.Run(() => pipe.Writer.Write(new byte[1], 0, 1));
            Thread.Sleep(100);
            pipe.CloseReader();
            var e = Assert.Throws<AggregateException>(() => blocked.Wait(5000));
            Assert.IsType<IOException>(e.InnerException);
        }
    }
}
