using Containarium.Core.Bootstrap;

namespace Containarium
{
    /// <summary>One step of Initialize-CtrBackend: Changed, or Unchanged when the host already had it.</summary>
    public sealed class CtrBootstrapStep
    {
        /// <summary>The backend name, or user@host:port for a host that is not registered.</summary>
        public string Backend { get; set; } = "";
        public string Step { get; set; } = "";
        /// <summary>Changed or Unchanged (Pending only inside a plan, which is never written).</summary>
        public string Status { get; set; } = "";
        public string Detail { get; set; } = "";

        public override string ToString() => $"{Backend} {Step}: {Status}";

        internal static CtrBootstrapStep From(string backend, BootstrapStep s) =>
            new CtrBootstrapStep { Backend = backend, Step = s.Step, Status = s.Status.ToString(), Detail = s.Detail };
    }
}
