using System;
using System.IO;
using System.Management.Automation;
using Containarium.Core.Backends;
using Containarium.Core.Config;
using Containarium.Core.Containers;
using Containarium.Core.Gce;
using Containarium.Core.Incus;
using Containarium.Core.Transport;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>Maps engine exceptions to error records with stable ErrorIds (documented in about_Containarium).</summary>
    internal static class ErrorMapper
    {
        public static ErrorRecord ToRecord(Exception e, object? target)
        {
            var (id, category) = Classify(e);
            return new ErrorRecord(e, id, category, target);
        }

        public static (string, ErrorCategory) Classify(Exception e)
        {
            switch (e)
            {
                case HostKeyMismatchException _:
                    return ("CtrHostKeyMismatch", ErrorCategory.SecurityError);
                case TransportException t:
                    switch (t.Failure)
                    {
                        case TransportFailure.Unreachable: return ("CtrBackendUnreachable", ErrorCategory.ConnectionError);
                        case TransportFailure.AuthenticationFailed: return ("CtrAuthenticationFailed", ErrorCategory.AuthenticationError);
                        case TransportFailure.CommandTimeout: return ("CtrOperationTimeout", ErrorCategory.OperationTimeout);
                        case TransportFailure.ConnectionLost: return ("CtrConnectionLost", ErrorCategory.ConnectionError);
                        default: return ("CtrSshKeyInvalid", ErrorCategory.InvalidArgument);
                    }
                case ConfigException _:
                    return ("CtrConfigInvalid", ErrorCategory.InvalidData);
                case BackendNotFoundException _:
                    return ("CtrBackendNotFound", ErrorCategory.ObjectNotFound);
                case IncusException i when i.DaemonUnavailable:
                    return ("CtrIncusUnavailable", ErrorCategory.ConnectionError);
                case IncusException i when i.IsNotFound:
                    return ("CtrIncusNotFound", ErrorCategory.ObjectNotFound);
                case IncusException i when i.IsConflict:
                    return ("CtrIncusConflict", ErrorCategory.ResourceExists);
                case IncusException _:
                    return ("CtrIncusError", ErrorCategory.InvalidResult);
                case GceException g:
                    return Gce(g);
                case TimeoutException _:
                case OperationCanceledException _: // not the user's Ctrl+C (that stops the pipeline): a bounded call gave up
                    return ("CtrOperationTimeout", ErrorCategory.OperationTimeout);
                case FileNotFoundException _:
                    return ("CtrFileNotFound", ErrorCategory.ObjectNotFound);
                case Containarium.Core.SshConfig.SshConfigFormatException _:
                    return ("CtrSshConfigInvalid", ErrorCategory.InvalidData);
                case IOException _:
                case UnauthorizedAccessException _:
                    return ("CtrFileAccessFailed", ErrorCategory.WriteError);
                case Containarium.Core.Containers.BoxNotFoundException _:
                    return ("CtrContainerNotFound", ErrorCategory.ObjectNotFound);
                case Containarium.Core.Containers.BoxAmbiguousException _:
                    return ("CtrContainerAmbiguous", ErrorCategory.InvalidArgument);
                case Containarium.Core.Containers.BoxKeyEditException k:
                    return k.Problem == Containarium.Core.Containers.BoxKeyProblem.LastKey
                        ? ("CtrLastSshKey", ErrorCategory.InvalidOperation) : ("CtrSshKeyNotFound", ErrorCategory.ObjectNotFound);
                case Containarium.Core.Containers.BoxNotRunningException _:
                    return ("CtrContainerNotRunning", ErrorCategory.InvalidOperation);
                case Containarium.Core.Containers.BoxStaleException _:
                    return ("CtrContainerStale", ErrorCategory.InvalidOperation);
                case Containarium.Core.Cluster.MemberNotFoundException _:
                    return ("CtrMemberNotFound", ErrorCategory.ObjectNotFound);
                case Containarium.Core.Cluster.MemberUnavailableException _:
                    return ("CtrMemberUnavailable", ErrorCategory.ResourceUnavailable);
                case Containarium.Core.Cluster.NotAClusterException _:
                    return ("CtrNotACluster", ErrorCategory.InvalidArgument);
                case ArgumentException _:
                    return ("CtrInvalidArgument", ErrorCategory.InvalidArgument);
                case InvalidOperationException _:
                    return ("CtrInvalidOperation", ErrorCategory.InvalidOperation);
                case SnapshotNotFoundException _:
                    return ("CtrSnapshotNotFound", ErrorCategory.ObjectNotFound);
                case SnapshotExistsException _:
                    return ("CtrSnapshotExists", ErrorCategory.ResourceExists);
                case Containarium.Core.Bootstrap.BootstrapException _:
                    return ("CtrBootstrapFailed", ErrorCategory.InvalidResult);
                case Containarium.Core.Bootstrap.SudoRequiredException _:
                    return ("CtrSudoRequired", ErrorCategory.PermissionDenied);
                default:
                    return ("CtrUnexpectedError", ErrorCategory.NotSpecified);
            }
        }

        /// <summary>Compute Engine failures by their stable reason.</summary>
        private static (string, ErrorCategory) Gce(GceException g)
        {
            switch (g.Reason)
            {
                case GceErrorReason.QuotaExceeded: return ("CtrGceQuotaExceeded", ErrorCategory.LimitsExceeded);
                case GceErrorReason.ZoneResourcePoolExhausted:
                case GceErrorReason.ZoneResourcePoolExhaustedWithDetails: return ("CtrGceZoneExhausted", ErrorCategory.ResourceUnavailable);
                case GceErrorReason.AlreadyExists: return ("CtrGceAlreadyExists", ErrorCategory.ResourceExists);
                case GceErrorReason.NotFound: return ("CtrGceNotFound", ErrorCategory.ObjectNotFound);
                case GceErrorReason.PermissionDenied: return ("CtrGcePermissionDenied", ErrorCategory.PermissionDenied);
                case GceErrorReason.Unauthenticated:
                case GceErrorReason.CredentialsFailed: return ("CtrGceAuthenticationFailed", ErrorCategory.AuthenticationError);
                case GceErrorReason.InvalidArgument: return ("CtrGceInvalidRequest", ErrorCategory.InvalidArgument);
                case GceErrorReason.Timeout: return ("CtrOperationTimeout", ErrorCategory.OperationTimeout);
                case GceErrorReason.RateLimitExceeded:
                case GceErrorReason.Unavailable:
                case GceErrorReason.Internal:
                case GceErrorReason.ConnectionFailed: return ("CtrGceUnavailable", ErrorCategory.ConnectionError);
                default: return ("CtrGceError", ErrorCategory.InvalidResult);
            }
        }
    }
}
