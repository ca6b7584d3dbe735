namespace Containarium
{
    /// <summary>
    /// -MemberPlacement values: who picks the member of a cluster backend. Declared here, like CtrPlacementStrategy, because
    /// PowerShell reflects over parameter types at import, before the engine assembly may be loaded.
    /// </summary>
    public enum CtrMemberPlacement
    {
        /// <summary>The module's documented score (docs/placement.md), with in-pipeline reservations per member.</summary>
        Score,
        /// <summary>Incus's own scheduler (the member with the fewest instances, per its cluster settings).</summary>
        Incus,
    }
}
