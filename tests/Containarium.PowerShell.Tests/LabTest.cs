using System;
using System.IO;

namespace Containarium.PowerShell.Tests
{
    /// <summary>
    /// Base of the test classes that work on the lab's backends: a module session with every lab backend registered, a
    /// key folder, and a run prefix that names every box and account the class makes, all removed afterwards.
    /// </summary>
    public abstract class LabTest : IDisposable
    {
        protected readonly ModuleSession _ps = new ModuleSession();
        protected readonly Lab _lab = Lab.Instance;
        protected readonly string _keyDir;
        protected readonly string _run;

        protected LabTest(string prefix)
        {
            _run = prefix + Guid.NewGuid().ToString("N").Substring(0, 5);
            foreach (var b in _lab.Backends) _ps.Register(b);
            _keyDir = Path.Combine(_ps.StateDirectory, "keys");
            Directory.CreateDirectory(_keyDir);
        }

        public void Dispose()
        {
            LabBoxes.Cleanup(_lab, _run);
            _ps.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
