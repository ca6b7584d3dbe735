namespace Containarium.PowerShell.Tests
{
    /// <summary>Runs a host-side `sh -c` script for test set-up and checks, returning stdout and stderr together.</summary>
    public static class Shell
    {
        public static string Run(string script) => LabBoxes.Sh(script);
    }
}
