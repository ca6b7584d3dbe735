using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace Containarium.PowerShell.Tests
{
    /// <summary>Import-CtrTeam: line-numbered errors for bad rows, typed rows that bind into New-CtrContainer, key files beside the CSV.</summary>
    public sealed class ImportTeamTests : IDisposable
    {
        private readonly ModuleSession _ps = new ModuleSession();
        private readonly Lab _lab = Lab.Instance;
        private readonly string _run = "i" + Guid.NewGuid().ToString("N").Substring(0, 5);
        private readonly string _dir;

        public ImportTeamTests()
        {
            _dir = Path.Combine(_ps.StateDirectory, "team");
            Directory.CreateDirectory(Path.Combine(_dir, "keys"));
        }

        public void Dispose()
        {
            LabBoxes.Cleanup(_lab, _run);
            _ps.Dispose();
        }

        private string WriteTeam()
        {
            // A relative key file: resolved against the CSV's folder, not the current directory.
            LabBoxes.NewKey(Path.Combine(_dir, "keys"), _run + "ann");
            var key = File.ReadAllText(LabBoxes.NewKey(_dir, _run + "ben") + ".pub").Trim();
            var path = Path.Combine(_dir, "team.csv");
            File.WriteAllText(path, string.Join("\n",
                "User,SshKey,SshPublicKeyFile,Team,Cpu,Memory,Disk",
                $"{_run}ann,,keys/{_run}ann.pub,{_run}t,1,256MiB,2GiB",    // line 2: good, key from the file
                $"{_run}ben,{key},,{_run}t,,256MiB,2GiB",                  // line 3: good, default CPU
                $"{_run}bad!,{key},,,1,256MiB,2GiB",                       // line 4: bad user name
                $"{_run}sz,{key},,,1,lots,2GiB",                           // line 5: bad memory
                $"{_run}nokey,,keys/missing.pub,,,,") + "\n");             // line 6: missing key file
            return path;
        }

        [Fact]
        public void Bad_rows_are_reported_by_line_and_the_good_rows_come_out_typed()
        {
            var path = WriteTeam();
            var r = _ps.Run($"Import-CtrTeam '{path}'");
            Assert.Null(r.Terminating);
            Assert.Equal(new[] { 4, 5, 6 }, r.Errors.Select(e => int.Parse(((string)e.TargetObject).Split(':').Last())));
            Assert.All(r.Errors, e => Assert.StartsWith("CtrTeamRowInvalid", e.FullyQualifiedErrorId));
            Assert.All(r.Errors, e => Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category));
            Assert.Contains("team.csv line 5: Memory:", r.Errors[1].Exception.Message);
            Assert.Contains("missing.pub", r.Errors[2].Exception.Message);

            Assert.Equal(new object[] { 2, 3 }, r.Output.Values("LineNumber").ToArray());
            Assert.All(r.Output, o => Assert.Equal("CtrTeamMember", o.BaseObject.GetType().Name));
            var ann = r.Output[0];
            Assert.Equal(File.ReadAllText(Path.Combine(_dir, "keys", _run + "ann.pub")).Trim(), ((string[])ann.Properties["SshPublicKey"].Value).Single());
            Assert.Equal("256MiB", ann.Properties["Memory"].Value);
            Assert.Null(r.Output[1].Properties["Cpu"].Value); // not in the file: New-CtrContainer's default applies
            Assert.Equal(_run + "ben-box", r.Output[1].Properties["Name"].Value);
        }

        [Fact]
        public void Imported_rows_pipe_into_New_CtrContainer_by_property_name()
        {
            foreach (var b in _lab.Backends) _ps.Register(b);
            var path = WriteTeam();
            var r = _ps.Run($"Import-CtrTeam '{path}' -ErrorAction SilentlyContinue | New-CtrContainer -AutoPlace");
            Assert.Empty(r.Errors.Where(e => !e.FullyQualifiedErrorId.StartsWith("CtrTeamRowInvalid")).Select(e => e.ToString()));
            Assert.Equal(new[] { _run + "ann", _run + "ben" }, r.Output.Values("UserName").Cast<string>().OrderBy(u => u));
            Assert.All(r.Output, o => Assert.Equal(_run + "t", o.Properties["Team"].Value));
            var ann = r.Output.First(o => (string)o.Properties["UserName"].Value == _run + "ann");
            Assert.Equal("256MiB", ann.Properties["Memory"].Value);
            Assert.Equal("1", ann.Properties["Cpu"].Value);
            var ben = r.Output.First(o => (string)o.Properties["UserName"].Value == _run + "ben");
            Assert.Equal("2", ben.Properties["Cpu"].Value); // the default
        }

        [Fact]
        public void A_missing_file_is_a_clear_error()
        {
            var r = _ps.Run($"Import-CtrTeam '{Path.Combine(_dir, "nope.csv")}'");
            var e = Assert.Single(r.Errors);
            Assert.StartsWith("CtrFileNotFound", e.FullyQualifiedErrorId);
            Assert.Contains("nope.csv", e.Exception.Message);
            Assert.Empty(r.Output);
        }
    }
}
