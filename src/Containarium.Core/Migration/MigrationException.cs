using System;

namespace Containarium.Core.Migration
{
    /// <summary>Why a move, export or import was refused or failed (each maps to one stable ErrorId).</summary>
    public enum MigrationFailure
    {
        /// <summary>The destination is the box's own backend.</summary>
        SameBackend,
        /// <summary>A box of that name already exists somewhere in the fleet (import) or on the destination (move).</summary>
        NameTaken,
        /// <summary>The bytes seen by the source, the relay and the destination differ.</summary>
        ChecksumMismatch,
        /// <summary>The box arrived but its config, devices or snapshots differ from the source.</summary>
        VerificationFailed,
        /// <summary>Streaming, importing or finishing the box on the destination failed; the source was left as it was.</summary>
        TransferFailed,
        /// <summary>A host ran out of disk space during the transfer (the source writing its export, the destination unpacking); the source was left as it was.</summary>
        DiskFull,
        /// <summary>A backup file does not match its manifest's checksum; nothing was sent.</summary>
        BackupCorrupt,
        /// <summary>A backup file or its manifest is missing or unreadable.</summary>
        BackupInvalid,
        /// <summary>The backup catalogue holds no backup of the box.</summary>
        BackupNotFound,
        /// <summary>The catalogue's backups of that box name belong to another user.</summary>
        BackupOwnerMismatch,
    }

    public sealed class MigrationException : Exception
    {
        public MigrationException(MigrationFailure failure, string message, Exception? inner = null) : base(message, inner)
        {
            Failure = failure;
        }

        public MigrationFailure Failure { get; }
    }
}
