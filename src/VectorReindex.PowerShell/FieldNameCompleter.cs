using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;

namespace VectorReindex.PowerShell
{
    /// <summary>
    /// Completes field names of one kind from the mapping of the index or alias already typed on
    /// the command line (-Alias, -Index, -Source or -Target, or a -Migration object's source).
    /// </summary>
    public abstract class FieldNameCompleter : ClusterNameCompleter
    {
        private static readonly string[] IndexParameters = { "Alias", "Index", "Source", "Target" };

        protected abstract IReadOnlyCollection<string> FieldTypes { get; }

        protected override async Task<IReadOnlyList<string>> ListAsync(MigrationEngine engine, IDictionary fakeBoundParameters, CancellationToken ct)
        {
            var index = IndexNamed(fakeBoundParameters);
            if (index == null) return new string[0];
            return await engine.FieldNamesAsync(index, FieldTypes, ct).ConfigureAwait(false);
        }

        private static string? IndexNamed(IDictionary bound)
        {
            foreach (var name in IndexParameters)
                if (Unwrap(bound[name]) is string s && s.Length > 0 && !IndexNaming.IsPattern(s)) return s.Trim('\'', '"');
            return Unwrap(bound["Migration"]) is VectorMigration migration ? migration.Source : null;
        }

        private static object? Unwrap(object? value) => value is PSObject p ? p.BaseObject : value;
    }

    /// <summary>Completes -VectorField with the dense_vector fields of the index named on the command line.</summary>
    public sealed class VectorFieldCompleter : FieldNameCompleter
    {
        protected override IReadOnlyCollection<string> FieldTypes => MappingFields.VectorTypes;
    }

    /// <summary>Completes -TextField with the text and keyword fields of the index named on the command line.</summary>
    public sealed class TextFieldCompleter : FieldNameCompleter
    {
        protected override IReadOnlyCollection<string> FieldTypes => MappingFields.TextTypes;
    }

    /// <summary>Completes -TimestampField with the date and date_nanos fields of the index named on the command line.</summary>
    public sealed class TimestampFieldCompleter : FieldNameCompleter
    {
        protected override IReadOnlyCollection<string> FieldTypes => MappingFields.DateTypes;
    }
}
