using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace Containarium.PowerShell.Tests
{
    /// <summary>Every bad input gives a clear error with a stable ErrorId and changes nothing.</summary>
    public sealed class BadInputTests : IDisposable
    {
        private readonly ModuleSession _ps = new ModuleSession();
        private readonly Lab _lab = Lab.Instance;

        public void Dispose() => _ps.Dispose();

        /// <summary>A cmdlet's terminating error is statement-terminating inside a script: it lands in the error stream.</summary>
        private static ErrorRecord FailureOf(ModuleSession.Result r) =>
            r.Terminating is IContainsErrorRecord t ? t.ErrorRecord : Assert.Single(r.Errors);

        private string ConfigSnapshot() => File.Exists(_ps.ConfigPath) ? File.ReadAllText(_ps.ConfigPath) : "<none>";

        [Fact]
        public void Unknown_backend_is_reported_by_name_for_set_unregister_and_test()
        {
            _ps.Register(_lab.Backend("b1"), "-NoConnect");
            var before = ConfigSnapshot();
            foreach (var cmd in new[] { "Set-CtrBackend nosuch -Cordon", "Unregister-CtrBackend nosuch -Confirm:$false", "Test-CtrBackend nosuch" })
            {
                var r = _ps.Run(cmd);
                var e = Assert.Single(r.Errors);
                Assert.StartsWith("CtrBackendNotFound", e.FullyQualifiedErrorId);
                Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
                Assert.Contains("'nosuch'", e.Exception.Message);
            }
            Assert.Equal(before, ConfigSnapshot());
        }

        [Theory]
        [InlineData("0")]
        [InlineData("70000")]
        [InlineData("-5")]
        public void Bad_port_is_refused_at_binding(string port)
        {
            var b1 = _lab.Backend("b1");
            var r = _ps.Run($"Register-CtrBackend -Name x -HostName 127.0.0.1 -Port {port} -UserName u -KeyFile '{b1.KeyFile}'");
            var e = r.Terminating as ParameterBindingException ?? (r.Errors.FirstOrDefault()?.Exception as ParameterBindingException);
            Assert.NotNull(e);
            Assert.Equal("Port", e!.ParameterName);
            Assert.Equal("<none>", ConfigSnapshot());
        }

        [Theory]
        [InlineData("SHA256:short")]
        [InlineData("MD5:aa:bb:cc")]
        [InlineData("SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
        public void Bad_fingerprint_format_is_refused_before_any_connection(string pin)
        {
            var b1 = _lab.Backend("b1");
            var r = _ps.Register(b1, $"-HostKeyFingerprint '{pin}'");
            var e = Assert.Single(r.Errors);
            Assert.StartsWith("CtrInvalidHostKeyFingerprint", e.FullyQualifiedErrorId);
            Assert.Contains(pin, e.Exception.Message);
            Assert.Equal("<none>", ConfigSnapshot());
            Assert.False(File.Exists(_ps.KnownHostsPath));
        }

        [Fact]
        public void Missing_key_file_is_refused_with_its_path()
        {
            var r = _ps.Run("Register-CtrBackend -Name x -HostName 127.0.0.1 -Port 2201 -UserName ctradmin -KeyFile /nonexistent/key");
            var e = Assert.Single(r.Errors);
            Assert.StartsWith("CtrKeyFileNotFound", e.FullyQualifiedErrorId);
            Assert.Contains("/nonexistent/key", e.Exception.Message);
            Assert.Equal("<none>", ConfigSnapshot());
        }

        [Theory]
        [InlineData("-Name 'b 1' -HostName 127.0.0.1 -UserName ctradmin")]
        [InlineData("-Name 'b1;reboot' -HostName 127.0.0.1 -UserName ctradmin")]
        [InlineData("-Name 1abc -HostName 127.0.0.1 -UserName ctradmin")]
        [InlineData("-Name b1 -HostName '127.0.0.1 -oProxyCommand=sh' -UserName ctradmin")]
        [InlineData("-Name b1 -HostName 127.0.0.1 -UserName '$(id)'")]
        [InlineData("-Name b1 -HostName 127.0.0.1 -UserName ctradmin -JumpHost 'a@host:x:y'")]
        [InlineData("-Name b1 -HostName 127.0.0.1 -UserName ctradmin -JumpHost 'u@h:99999'")]
        [InlineData("-Name b1 -HostName 127.0.0.1 -UserName ctradmin -Tag 'a b'")]
        public void Names_and_hosts_outside_the_rules_are_refused(string args)
        {
            var key = _lab.Backend("b1").KeyFile;
            var r = _ps.Run($"Register-CtrBackend {args} -Port 2201 -KeyFile '{key}'");
            var e = Assert.Single(r.Errors);
            Assert.StartsWith("CtrInvalidArgument", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
            Assert.Equal("<none>", ConfigSnapshot());
        }

        [Fact]
        public void Registering_a_name_twice_is_a_conflict_unless_forced()
        {
            var b1 = _lab.Backend("b1");
            _ps.Register(b1, "-NoConnect");
            var before = ConfigSnapshot();
            var r = _ps.Register(b1, "-NoConnect -MaxContainers 3");
            Assert.StartsWith("CtrBackendExists", Assert.Single(r.Errors).FullyQualifiedErrorId);
            Assert.Equal(before, ConfigSnapshot());
            Assert.Empty(_ps.Register(b1, "-NoConnect -MaxContainers 3 -Force").Errors);
            Assert.Equal(3, _ps.Run("Get-CtrBackend b1 -NoStatus").Output.Single().Properties["MaxContainers"].Value);
        }

        [Fact]
        public void Corrupt_config_gives_an_error_naming_file_and_line_and_is_never_overwritten()
        {
            var corrupt = "{\n  \"version\": 1,\n  \"backends\": [\n    { \"name\": \"b1\", \"port\": 22,, }\n  ]\n}\n";
            File.WriteAllText(_ps.ConfigPath, corrupt);
            var get = _ps.Run("Get-CtrBackend");
            var record = FailureOf(get);
            Assert.StartsWith("CtrConfigInvalid", record.FullyQualifiedErrorId);
            Assert.Contains(_ps.ConfigPath + ":4:", record.Exception.Message);

            var reg = _ps.Register(_lab.Backend("b2"), "-NoConnect");
            Assert.StartsWith("CtrConfigInvalid", Assert.Single(reg.Errors).FullyQualifiedErrorId);
            Assert.Equal(corrupt, File.ReadAllText(_ps.ConfigPath));
        }

        [Fact]
        public void Hand_edited_config_with_a_bad_value_names_the_backend_and_line()
        {
            var text = "{\n  \"version\": 1,\n  \"backends\": [\n    {\n      \"name\": \"b1\",\n      \"hostName\": \"127.0.0.1\",\n      \"port\": 99999,\n      \"userName\": \"ctradmin\",\n      \"keyFile\": \"/k\"\n    }\n  ]\n}\n";
            File.WriteAllText(_ps.ConfigPath, text);
            var r = _ps.Run("Get-CtrBackend");
            var record = FailureOf(r);
            Assert.StartsWith("CtrConfigInvalid", record.FullyQualifiedErrorId);
            Assert.Contains(":5:", record.Exception.Message);
            Assert.Contains("99999", record.Exception.Message);
            Assert.Equal(text, File.ReadAllText(_ps.ConfigPath));
        }

        [Fact]
        public void Overcommit_preference_out_of_range_names_the_line_and_is_never_overwritten()
        {
            var text = "{\n  \"version\": 1,\n  \"backends\": [],\n  \"preferences\": {\n    \"diskOvercommit\": 0\n  }\n}\n";
            File.WriteAllText(_ps.ConfigPath, text);
            var r = _ps.Run("New-CtrContainer -UserName alice -SshPublicKey 'x' -AutoPlace; Get-CtrBackend");
            Assert.Null(r.Terminating);
            Assert.Equal(2, r.Errors.Count);
            Assert.All(r.Errors, e =>
            {
                Assert.StartsWith("CtrConfigInvalid", e.FullyQualifiedErrorId);
                Assert.Contains(":5:", e.Exception.Message);
                Assert.Contains("diskOvercommit", e.Exception.Message);
            });
            Assert.Equal(text, File.ReadAllText(_ps.ConfigPath));
        }

        [Fact]
        public void Unknown_property_in_config_is_a_clear_error_not_silently_dropped()
        {
            var text = "{\n  \"version\": 1,\n  \"backendz\": []\n}\n";
            File.WriteAllText(_ps.ConfigPath, text);
            var r = _ps.Run("Get-CtrBackend");
            var record = FailureOf(r);
            Assert.Contains("backendz", record.Exception.Message);
            Assert.Contains(":3:", record.Exception.Message);
        }

        [Fact]
        public void Config_file_is_written_with_mode_600()
        {
            _ps.Register(_lab.Backend("b1"), "-NoConnect");
            var mode = File.GetUnixFileMode(_ps.ConfigPath);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        }
    }
}
