using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.Metadata
{
    /// <summary>
    /// A metadata update never changes a vector: no field to set or remove may be a dense_vector
    /// field, an object holding one, or a path inside one. Checked before the first write, against
    /// every index the update reaches, whatever migration is or is not in flight.
    /// </summary>
    public static class VectorFieldGuard
    {
        /// <summary>Throws <see cref="MigrationErrorCodes.VectorFieldProtected"/> when <paramref name="set"/> or <paramref name="remove"/> touches one of <paramref name="vectorFields"/>.</summary>
        public static void Check(string index, IReadOnlyCollection<string> vectorFields, JsonObject? set, IReadOnlyList<string>? remove)
        {
            if (vectorFields.Count == 0) return;
            foreach (var path in remove ?? Array.Empty<string>())
                if (Touched(path, vectorFields) is string field)
                    throw Refused(index, field, $"the fields to remove include '{path}'");
            foreach (var path in SetPaths(set, ""))
                if (Touched(path, vectorFields) is string field)
                    throw Refused(index, field, $"the fields to set include '{path}'");
        }

        /// <summary>The dotted path of each leaf value of a partial document (objects merge field by field, so only their leaves replace anything).</summary>
        private static IEnumerable<string> SetPaths(JsonObject? set, string prefix)
        {
            if (set == null) yield break;
            foreach (var p in set)
            {
                var path = prefix + p.Key;
                if (p.Value is JsonObject inner && inner.Count > 0)
                    foreach (var leaf in SetPaths(inner, path + ".")) yield return leaf;
                else
                    yield return path;
            }
        }

        private static string? Touched(string path, IReadOnlyCollection<string> vectorFields) =>
            vectorFields.FirstOrDefault(v => v == path
                || v.StartsWith(path + ".", StringComparison.Ordinal)
                || path.StartsWith(v + ".", StringComparison.Ordinal));

        private static VectorMigrationException Refused(string index, string field, string what) =>
            new VectorMigrationException(MigrationErrorCodes.VectorFieldProtected, MigrationErrorKind.InvalidArgument,
                $"The update of {index} is refused: {what}, which would change the dense_vector field '{field}'. " +
                "A metadata update never changes vectors; nothing was written.", field);
    }
}
