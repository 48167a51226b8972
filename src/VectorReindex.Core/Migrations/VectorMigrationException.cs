using System;

namespace VectorReindex.Core.Migrations
{
    /// <summary>What kind of problem a <see cref="VectorMigrationException"/> is; the cmdlets map it to an ErrorCategory.</summary>
    public enum MigrationErrorKind
    {
        InvalidArgument,
        NotFound,
        AlreadyExists,
        InvalidState,
        VerificationFailed,
        Timeout,
    }

    /// <summary>
    /// A migration step refused or failed for a reason the operator can fix. <see cref="ErrorId"/>
    /// is stable (public API: scripts and tests match on it); the message says what to do.
    /// </summary>
    public sealed class VectorMigrationException : Exception
    {
        public VectorMigrationException(string errorId, MigrationErrorKind kind, string message, string? target = null)
            : base(message)
        {
            ErrorId = errorId;
            Kind = kind;
            Target = target;
        }

        public string ErrorId { get; }

        public MigrationErrorKind Kind { get; }

        /// <summary>The index, alias or field the error is about.</summary>
        public string? Target { get; }
    }
}
