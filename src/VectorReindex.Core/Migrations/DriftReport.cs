using System.Collections.Generic;
using System.Linq;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Migrations
{
    /// <summary>
    /// Every default of the target cluster's version that differs from the source index's, as the
    /// shadow index plan resolved it (New-ShadowIndex -WhatIf shows it). Empty when both sides
    /// run the same version and nothing was resolved differently.
    /// </summary>
    public sealed class DriftReport
    {
        public DriftReport(ServerVersion sourceVersion, ServerVersion targetVersion, IReadOnlyList<PlanDrift> items)
        {
            SourceVersion = sourceVersion;
            TargetVersion = targetVersion;
            Items = items;
        }

        public ServerVersion SourceVersion { get; }

        public ServerVersion TargetVersion { get; }

        public IReadOnlyList<PlanDrift> Items { get; }

        public bool IsEmpty => Items.Count == 0;

        /// <summary>The report as text lines: a heading naming both versions, then one line per difference.</summary>
        public IReadOnlyList<string> Lines
        {
            get
            {
                var heading = $"Drift from Elasticsearch {Describe(SourceVersion)} (source) to {Describe(TargetVersion)} (target): "
                    + (IsEmpty ? "none." : $"{Items.Count} difference{(Items.Count == 1 ? "" : "s")}.");
                return new[] { heading }.Concat(Items.Select(i => "  " + i)).ToList();
            }
        }

        private static string Describe(ServerVersion version) => version.IsKnown ? version.ToString() : "(unknown version)";

        public override string ToString() => string.Join("\n", Lines);
    }
}
