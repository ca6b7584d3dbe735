using System.Runtime.CompilerServices;
using Containarium.Core.Transport;

namespace Containarium
{
    /// <summary>Counters for benchmarks and support: how many SSH handshakes this process made.</summary>
    public static class Diagnostics
    {
        public static long SshHandshakes
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            get => SshTransport.TotalHandshakeCount;
        }
    }
}
