using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Gce;
using Containarium.Core.Model;
using Containarium.Core.Transport;
using Containarium.Core.Validation;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>
    /// Creates a Compute Engine VM for a backend (Spot if asked; several zones tried in order on capacity or quota
    /// errors), waits for the operation, RUNNING, SSH and Incus (the startup script bootstraps it), records the host
    /// key and registers the backend with its GCE identity. -WhatIf prints the exact request body and sends nothing.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "CtrBackend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CtrBackend))]
    public sealed class NewCtrBackendCommand : GceCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Backend")]
        public string Name { get; set; } = "";

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public string Project { get; set; } = "";

        /// <summary>Zones to try in order; the next one is used when a zone has no capacity or quota.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public string[] Zone { get; set; } = Array.Empty<string>();

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string MachineType { get; set; } = "e2-standard-4";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter Spot { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(10, 65536)]
        public int BootDiskSizeGb { get; set; } = 20;

        /// <summary>Persistent disk for the Incus storage pool; 0 (default) puts a dir pool on the boot disk.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0, 65536)]
        public int DataDiskSizeGb { get; set; }

        /// <summary>Auto: btrfs on the data disk, dir without one. A string, not the engine's enum: a value-type field
        /// of an engine type would make PowerShell load the engine before the module's resolver is in place.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSet("Auto", "Btrfs", "Zfs", "Dir", IgnoreCase = true)]
        public string StorageDriver { get; set; } = "Auto";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Network { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Subnetwork { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter NoExternalIp { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ProxyJump")]
        public string[] JumpHost { get; set; } = Array.Empty<string>();

        /// <summary>Network tags of the VM (firewall rule targets).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[] Tag { get; set; } = Array.Empty<string>();

        /// <summary>Extra VM labels; containarium-backend=&lt;name&gt; is always set.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public Hashtable? Label { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("User")]
        public string UserName { get; set; } = "";

        /// <summary>Private key to log in with; its public half (KeyFile.pub) goes into the VM's ssh-keys metadata.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("IdentityFile")]
        public string KeyFile { get; set; } = "";

        /// <summary>SSH port of the VM (22 unless its image runs sshd elsewhere).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = 22;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0, 100000)]
        public int MaxContainers { get; set; }

        /// <summary>Image the bootstrap copies for new boxes (e.g. images:debian/12).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? BoxImage { get; set; }

        /// <summary>Minutes to wait for SSH and Incus after the VM runs (the first boot installs Incus).</summary>
        [Parameter]
        [ValidateRange(1, 120)]
        public int TimeoutMinutes { get; set; } = 15;

        protected override string Activity => "New-CtrBackend " + Name;

        protected override void ProcessRecord()
        {
            NewGceBackendRequest request;
            string keyFile;
            try
            {
                (request, keyFile) = BuildRequest();
            }
            catch (Exception e) when (e is ArgumentException || e is FileNotFoundException)
            {
                var id = e is FileNotFoundException ? "CtrKeyFileNotFound" : "CtrInvalidArgument";
                WriteError(new ErrorRecord(e, id, e is FileNotFoundException ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidArgument, Name));
                return;
            }

            var plan = GceProvisioner.Plan(request.Spec, request.Zones);
            var endpoint = GceClientOptions.FromEnvironment().Endpoint;
            var first = plan[0];
            var text = new StringBuilder()
                .Append($"Create Compute Engine instance '{request.Spec.Name}' for backend '{Name}': POST {endpoint}projects/{Project}/zones/{first.Zone}/instances")
                .AppendLine()
                .AppendLine(InstanceBodyBuilder.ToJson(first.Body, indented: true));
            if (plan.Count > 1)
                text.Append("On a capacity or quota error, the same body for zone ").Append(string.Join(", then ", plan.Skip(1).Select(p => p.Zone))).AppendLine(".");
            text.Append($"Then wait for RUNNING, SSH ({UserName}@<address>:{Port}) and Incus, and register backend '{Name}'.");
            if (!ShouldProcess(text.ToString(), $"Create VM '{request.Spec.Name}' in {string.Join(", ", Zone)} and register backend '{Name}'?", "New-CtrBackend"))
                return;

            try
            {
                if (Engine.Inventory.List().Any(b => string.Equals(b.Name, Name, StringComparison.OrdinalIgnoreCase)))
                {
                    WriteCtrError("CtrBackendExists", ErrorCategory.ResourceExists, $"A backend named '{Name}' is already registered.", Name);
                    return;
                }
                Manager.ReadyTimeout = TimeSpan.FromMinutes(TimeoutMinutes);
                var (definition, status, vm) = Pump(Manager.CreateAsync(Name, request, CancellationToken), Name);
                foreach (var skipped in vm.SkippedZones)
                    WriteWarning($"Zone {skipped.Zone} could not take the VM ({skipped.Reason}); created it in {vm.Zone}.");
                foreach (var key in status.HostKeys.Where(k => k.Status == HostKeyStatus.Recorded))
                    WriteWarning($"Recorded the host key of {key.Hop} on first contact: {key.KeyType} {key.Fingerprint}.");
                var output = CtrBackend.FromStatus(status);
                output.GceStatus = vm.Instance.StatusText;
                WriteObject(output);
            }
            catch (Exception e) when (e is GceException || e is TimeoutException || e is TransportException || e is ConfigException || e is InvalidOperationException)
            {
                WriteCtrError(e, Name);
            }
        }

        private (NewGceBackendRequest, string) BuildRequest()
        {
            NameRules.EnsureBackendName(Name);
            GceNames.EnsureResourceName(Name, "Backend name (also the VM name)");
            GceNames.EnsureProject(Project);
            var keyFile = GetUnresolvedProviderPathFromPSPath(KeyFile);
            if (!File.Exists(keyFile)) throw new FileNotFoundException($"Key file '{keyFile}' does not exist.", keyFile);
            var publicKeyFile = keyFile + ".pub";
            if (!File.Exists(publicKeyFile)) throw new FileNotFoundException($"Public key file '{publicKeyFile}' does not exist: it goes into the VM's ssh-keys metadata.", publicKeyFile);
            var chain = SshEndpoint.ParseChain(JumpHost);
            var spec = new InstanceSpec
            {
                Name = Name,
                MachineType = MachineType,
                Spot = Spot,
                BootDiskSizeGb = BootDiskSizeGb,
                DataDiskSizeGb = DataDiskSizeGb,
                StorageDriver = (BackendStorageDriver)Enum.Parse(typeof(BackendStorageDriver), StorageDriver, ignoreCase: true),
                Network = Network,
                Subnetwork = Subnetwork,
                NoExternalIp = NoExternalIp,
                NetworkTags = Tag.ToList(),
                UserName = UserName,
                SshPublicKey = File.ReadAllText(publicKeyFile).Trim(),
                BoxImage = BoxImage,
            };
            if (Label != null)
                foreach (DictionaryEntry kv in Label)
                    spec.Labels[Convert.ToString(kv.Key, System.Globalization.CultureInfo.InvariantCulture) ?? ""] = Convert.ToString(kv.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
            var request = new NewGceBackendRequest
            {
                Project = Project,
                Zones = Zone,
                Spec = spec,
                KeyFile = keyFile,
                Port = Port,
                JumpHosts = chain.Select(h => h.ToString()).ToList(),
                MaxContainers = MaxContainers,
            };
            GceProvisioner.Plan(spec, Zone); // every check before anything is sent
            if (NoExternalIp && JumpHost.Length == 0)
                WriteWarning("-NoExternalIp without -JumpHost: the module reaches the VM by its internal address, which works only from inside its network.");
            return (request, keyFile);
        }
    }
}
