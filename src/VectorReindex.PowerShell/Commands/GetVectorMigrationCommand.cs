using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VectorReindex.Core.Migrations;

namespace VectorReindex.PowerShell.Commands
{
    /// <summary>Lists migrations (in flight and finished) recorded in index mappings.</summary>
    [Cmdlet(VerbsCommon.Get, "VectorMigration", DefaultParameterSetName = MigrationsSet)]
    [OutputType(typeof(VectorMigration), ParameterSetName = new[] { MigrationsSet })]
    [OutputType(typeof(AliasGeneration), ParameterSetName = new[] { LineageSet })]
    public sealed class GetVectorMigrationCommand : ClusterBoundCmdlet
    {
        private const string MigrationsSet = "Migrations";
        private const string LineageSet = "Lineage";

        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(AliasNameCompleter))]
        public string Alias { get; set; } = "*";

        [Parameter(ParameterSetName = MigrationsSet)]
        public SwitchParameter InFlight { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = LineageSet)]
        public SwitchParameter Lineage { get; set; }

        protected override void ProcessRecord()
        {
            var engine = CreateEngine();
            var pattern = new WildcardPattern(Alias, WildcardOptions.IgnoreCase);
            if (Lineage)
            {
                var aliases = WildcardPattern.ContainsWildcardCharacters(Alias)
                    ? RunOperation(ct => engine.AliasNamesAsync(ct), Alias).Where(pattern.IsMatch).Distinct().OrderBy(a => a, System.StringComparer.Ordinal).ToList()
                    : new List<string> { Alias };
                foreach (var alias in aliases)
                    foreach (var generation in RunOperation(ct => engine.AliasStateAsync(alias, CreateObserver(0), ct), alias).Lineage.Generations)
                        WriteObject(generation);
                return;
            }
            var migrations = RunOperation(ct => engine.ListAsync(CreateObserver(0), ct), Alias);
            foreach (var migration in migrations)
            {
                if (!pattern.IsMatch(migration.Alias)) continue;
                if (InFlight && !migration.IsInFlight) continue;
                WriteObject(migration);
            }
        }
    }
}
