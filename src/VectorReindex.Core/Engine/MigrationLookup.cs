namespace VectorReindex.Core.Engine
{
    /// <summary>Input of <see cref="MigrationEngine.ResolveAsync"/>: a migration named by its two indexes instead of a record.</summary>
    public sealed class MigrationLookup
    {
        public string Source { get; set; } = "";

        public string Target { get; set; } = "";

        /// <summary>The dense_vector field, when the target has several.</summary>
        public string? VectorField { get; set; }
    }
}
