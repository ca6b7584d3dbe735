namespace Containarium
{
    /// <summary>
    /// -Strategy values. Declared here, not in the engine, because PowerShell reflects over parameter types at
    /// import, before the engine assembly may be loaded.
    /// </summary>
    public enum CtrPlacementStrategy
    {
        Spread,
        Pack,
        Team,
    }
}
