using System.Runtime.CompilerServices;
using Containarium.Core.Transport;

namespace Containarium.PowerShell.Module
{
    /// <summary>Kept separate so touching it is the first moment the engine assembly is needed.</summary>
    internal static class EngineShutdown
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void CloseConnections() => SshConnectionPool.Shared.DisposeAll();
    }
}
