using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Model;
using Containarium.Core.Transport;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>What Register-CtrBackend and Set-CtrBackend -HostName share: checking that a backend's SSH endpoints lead to one Incus cluster.</summary>
    public abstract class BackendEndpointCmdlet : CtrCmdlet
    {
        /// <summary>
        /// A clustered Incus makes this a cluster backend; several endpoints must all lead to its members (each endpoint is
        /// contacted, so its host key is recorded). False (after writing the error) when the registration must not happen.
        /// </summary>
        protected bool CheckCluster(BackendDefinition definition, BackendStatus status, object target)
        {
            var several = definition.Endpoints != null && definition.Endpoints.Count > 1;
            if (status.Host == null || !status.Host.Clustered)
            {
                if (!several) return true;
                WriteCtrError("CtrNotACluster", ErrorCategory.InvalidArgument,
                    $"Backend '{definition.Name}': several host names were given, but the Incus at {status.Definition.HostName} is not clustered. Give one host name per backend, or register the members of one Incus cluster.", target);
                return false;
            }
            definition.Cluster = true;
            if (!several) return true;
            try
            {
                var checks = Wait(ClusterRegistration.CheckEndpointsAsync(definition, Engine.Connector, status.Members ?? Array.Empty<Containarium.Core.Incus.ClusterMember>(), CancellationToken));
                definition.MemberEndpoints = checks.Where(c => c.Member != null)
                    .ToDictionary(c => c.Member!, c => EndpointText(c.Endpoint), StringComparer.OrdinalIgnoreCase);
                var warned = new HashSet<string>(status.HostKeys.Where(k => k.Status == HostKeyStatus.Recorded).Select(k => k.Hop), StringComparer.Ordinal);
                foreach (var c in checks)
                {
                    foreach (var key in c.HostKeys.Where(k => k.Status == HostKeyStatus.Recorded && warned.Add(k.Hop)))
                        WriteWarning($"Recorded the host key of {key.Hop} on first contact: {key.KeyType} {key.Fingerprint}.");
                    if (c.Error != null) WriteWarning($"Endpoint {c.Endpoint} did not answer ({c.Error.Message}); it is registered and tried in turn.");
                    else WriteVerbose($"Endpoint {c.Endpoint}: member {c.Member}.");
                }
                return true;
            }
            catch (ClusterMismatchException e)
            {
                WriteError(new ErrorRecord(e, "CtrClusterMismatch", ErrorCategory.InvalidArgument, target));
                return false;
            }
            catch (TransportException e)
            {
                WriteCtrError(e, target);
                return false;
            }
        }

        /// <summary>"user@host:port" as the checks label endpoints, stored without the login.</summary>
        private static string EndpointText(string label) => BackendEndpoints.Spell(SshEndpoint.Parse(label));
    }
}
