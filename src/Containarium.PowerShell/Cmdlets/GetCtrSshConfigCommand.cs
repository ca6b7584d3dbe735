using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.SshConfig;

using Containarium.PowerShell.Completion;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>Renders the users' OpenSSH config entries for boxes; with -Path merges them into a file between markers.</summary>
    [Cmdlet(VerbsCommon.Get, "CtrSshConfig", SupportsShouldProcess = true)]
    [OutputType(typeof(string))]
    public sealed class GetCtrSshConfigCommand : CtrCmdlet
    {
        private readonly List<BoxSshTarget> _targets = new List<BoxSshTarget>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string Name { get; set; } = "";

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(BackendNameCompleter))]
        public string Backend { get; set; } = "";

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("User", "Login")]
        public string UserName { get; set; } = "";

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public int SshPort { get; set; }

        /// <summary>The cluster member the box runs on: the entry goes through that member's SSH endpoint.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Member { get; set; }

        /// <summary>The user's private key path as it is on the user's machine (written as IdentityFile).</summary>
        [Parameter]
        public string? IdentityFile { get; set; }

        [Parameter]
        public string? AliasPrefix { get; set; }

        /// <summary>Merge the entries into this OpenSSH config file between "# BEGIN containarium …" markers.</summary>
        [Parameter]
        public string? Path { get; set; }

        [Parameter]
        public string BlockId { get; set; } = "boxes";

        protected override void ProcessRecord()
        {
            try
            {
                var backend = Engine.Inventory.Get(Backend);
                _targets.Add(UserRoute.For(backend, Name, UserName, SshPort, string.IsNullOrEmpty(Member) ? null : Member));
            }
            catch (Exception e) when (e is BackendNotFoundException || e is ArgumentException || e is ConfigException)
            {
                WriteCtrError(e, Name);
            }
        }

        protected override void EndProcessing()
        {
            if (_targets.Count == 0) return;
            string text;
            try { text = SshConfigRenderer.Render(_targets, new SshConfigRenderOptions { AliasPrefix = AliasPrefix, IdentityFile = IdentityFile }); }
            catch (ArgumentException e) { ThrowCtrError(e, Name); return; }
            if (Path == null)
            {
                WriteObject(text);
                return;
            }
            var file = GetUnresolvedProviderPathFromPSPath(Path);
            if (!ShouldProcess(file, $"Merge {_targets.Count} box entr{(_targets.Count == 1 ? "y" : "ies")} into block '{BlockId}'")) return;
            try
            {
                var existing = File.Exists(file) ? File.ReadAllText(file) : null;
                var merged = SshConfigFile.Merge(existing, BlockId, text);
                if (merged == existing) return;
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
                var temp = file + ".tmp";
                File.WriteAllText(temp, merged, new UTF8Encoding(false));
                if (File.Exists(file)) File.Replace(temp, file, null); else File.Move(temp, file);
            }
            catch (Exception e) when (e is SshConfigFormatException || e is IOException)
            {
                ThrowCtrError(e, file);
            }
        }
    }
}
