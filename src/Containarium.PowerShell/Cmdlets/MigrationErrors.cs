using System;
using System.Management.Automation;
using Containarium.Core.Migration;

namespace Containarium.PowerShell.Cmdlets
{
    /// <summary>Stable ErrorIds of the move, export and import cmdlets (documented in about_Containarium); the rest goes to ErrorMapper.</summary>
    internal static class MigrationErrors
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
                case MigrationException m:
                    switch (m.Failure)
                    {
                        case MigrationFailure.SameBackend: return ("CtrMoveSameBackend", ErrorCategory.InvalidArgument);
                        case MigrationFailure.NameTaken: return ("CtrContainerExists", ErrorCategory.ResourceExists);
                        case MigrationFailure.ChecksumMismatch: return ("CtrChecksumMismatch", ErrorCategory.InvalidResult);
                        case MigrationFailure.VerificationFailed: return ("CtrMoveVerificationFailed", ErrorCategory.InvalidResult);
                        case MigrationFailure.DiskFull: return ("CtrDiskFull", ErrorCategory.ResourceUnavailable);
                        case MigrationFailure.BackupCorrupt: return ("CtrBackupCorrupt", ErrorCategory.InvalidData);
                        case MigrationFailure.BackupInvalid: return ("CtrBackupInvalid", ErrorCategory.InvalidData);
                        case MigrationFailure.BackupNotFound: return ("CtrBackupNotFound", ErrorCategory.ObjectNotFound);
                        case MigrationFailure.BackupOwnerMismatch: return ("CtrBackupOwnerMismatch", ErrorCategory.SecurityError);
                        default: return ("CtrTransferFailed", ErrorCategory.OperationStopped);
                    }
                default:
                    return ErrorMapper.Classify(e);
            }
        }
    }
}
