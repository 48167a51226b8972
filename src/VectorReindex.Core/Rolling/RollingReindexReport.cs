using System;
using System.Collections.Generic;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.Rolling
{
    /// <summary>What Invoke-RollingReindex did, phase by phase.</summary>
    public sealed class RollingReindexReport
    {
        public string Alias { get; set; } = "";
        public string Source { get; set; } = "";
        public string Target { get; set; } = "";

        /// <summary>True when an interrupted migration was picked up from its _meta.</summary>
        public bool Resumed { get; set; }

        /// <summary>True when the alias's last migration already made what was asked for, so nothing was done.</summary>
        public bool UpToDate { get; set; }

        /// <summary>The target of the in-flight migration a restart abandoned (left in place), or null.</summary>
        public string? Abandoned { get; set; }

        public long DocumentsMigrated { get; set; }
        public double BackfillDocsPerSecond { get; set; }
        public int DeltaPasses { get; set; }
        public long DeltaCopied { get; set; }
        public long DeltaDeleted { get; set; }
        public long Failed { get; set; }
        public ParityResult? Parity { get; set; }
        public DateTimeOffset? CutoverAt { get; set; }

        /// <summary>Seconds spent in each phase by this run.</summary>
        public Dictionary<string, double> PhaseSeconds { get; set; } = new Dictionary<string, double>();

        public VectorMigration? Migration { get; set; }

        public override string ToString() => UpToDate
            ? $"{Alias}: already served by {Target}, made by its last migration from {Source} with this plan (cut over {CutoverAt:u}); nothing to do"
            : $"{Alias}: {Source} -> {Target}, {DocumentsMigrated} documents, {DeltaPasses} delta passes, parity {(Parity?.Passed == true ? "passed" : "not passed")}, cut over {CutoverAt:u}";
    }
}
