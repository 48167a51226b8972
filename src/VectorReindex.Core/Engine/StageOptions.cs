using System;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.Engine
{
    /// <summary>What every stage after the shadow index starts from: the record, and what to run it with.</summary>
    public abstract class StageOptions
    {
        protected StageOptions(VectorMigration migration) => Migration = migration ?? throw new ArgumentNullException(nameof(migration));

        /// <summary>The record the stage continues; the stage returns a new one and leaves this as it was.</summary>
        public VectorMigration Migration { get; }

        /// <summary>The embedder to run with (and record); null: the recorded one, rebuilt, or copying the vectors.</summary>
        public VectorEmbedder? Embedder { get; set; }
    }
}
