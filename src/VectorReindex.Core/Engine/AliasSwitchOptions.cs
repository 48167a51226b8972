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

        /// <summary>Switch without the parity check, and to an index no record connects to the alias (never past a model change, an incomplete backfill or a stale generation).</summary>
        public bool Force { get; set; }

        /// <summary>With <see cref="Force"/>: accept an index whose vector field, dimensions or model differ from what the alias serves.</summary>
        public bool AllowModelChange { get; set; }

        /// <summary>Bring a generation that was not kept current up to date first: a delta from the live index into it, then a forward switch.</summary>
        public bool CatchUp { get; set; }

        /// <summary>The model of the index switched to, for a catch-up delta and the parity check the cutover runs; null: the recorded one, rebuilt.</summary>
        public Embedding.VectorEmbedder? Embedder { get; set; }
    }
}
