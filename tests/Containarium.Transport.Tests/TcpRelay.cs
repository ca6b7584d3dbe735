using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace Containarium.Transport.Tests
{
    /// <summary>
    /// A loopback TCP relay in front of an sshd that can turn its open connections into "zombies", as after a silent host
    /// reboot: the client is told nothing until it sends, then gets a reset, and nothing it sent reaches the server.
    /// </summary>
    internal sealed class TcpRelay : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly int _targetPort;
        private readonly List<Pair> _pairs = new List<Pair>();

        public TcpRelay(int targetPort)
        {
            _targetPort = targetPort;
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = AcceptLoop();
        }

        public int Port { get; }

        /// <summary>Existing connections go silent; new connections are relayed normally.</summary>
        public void SeverExisting()
        {
            lock (_pairs) foreach (var p in _pairs) p.Severed = true;
        }

        private async Task AcceptLoop()
        {
            while (true)
            {
                Socket client;
                try { client = await _listener.AcceptSocketAsync(); }
                catch (Exception) { return; }
                var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await server.ConnectAsync(IPAddress.Loopback, _targetPort);
                var pair = new Pair(client, server);
                lock (_pairs) _pairs.Add(pair);
                _ = Pump(pair, client, server, clientToServer: true);
                _ = Pump(pair, server, client, clientToServer: false);
            }
        }

        private static async Task Pump(Pair pair, Socket from, Socket to, bool clientToServer)
        {
            var buffer = new byte[65536];
            try
            {
                while (true)
                {
                    var n = await from.ReceiveAsync(buffer, SocketFlags.None);
                    if (n == 0) break;
                    if (pair.Severed)
                    {
                        if (clientToServer) pair.Reset();
                        continue; // server output is swallowed
                    }
                    await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
                }
                to.Shutdown(SocketShutdown.Send);
            }
            catch (Exception)
            {
                pair.Reset();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            lock (_pairs) foreach (var p in _pairs) p.Reset();
        }

        private sealed class Pair
        {
            private readonly Socket _client;
            private readonly Socket _server;

            public Pair(Socket client, Socket server)
            {
                _client = client;
                _server = server;
            }

            public volatile bool Severed;

            /// <summary>Closes both sides, the client's with a reset (linger 0).</summary>
            public void Reset()
            {
                try { _client.LingerState = new LingerOption(true, 0); } catch (Exception) { }
                _client.Dispose();
                _server.Dispose();
            }
        }
    }
}
