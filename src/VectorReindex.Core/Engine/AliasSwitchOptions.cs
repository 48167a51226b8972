namespace VectorReindex.Core.Engine
{
    /// <summary>Input of <see cref="MigrationEngine.PlanAliasSwitchAsync"/>: an alias move named by index, with or without a migration between the two.</summary>
    public sealed class AliasSwitchOptions
    {
        public string Alias { get; set; } = "";

        /// <summary>The index the alias will point to.</summary>
        public string To { get; set; } = "";

        /// <summary>The index it points to now; null: its write index.</summary>
        public string? From { get; set; }
    }
}
