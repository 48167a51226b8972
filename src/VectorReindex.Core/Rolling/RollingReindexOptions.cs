using VectorReindex.Core.Backfill;
using VectorReindex.Core.Delta;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.Rolling
{
    /// <summary>The knobs of every stage, for one call that runs them all.</summary>
    public sealed class RollingReindexOptions
    {
        public ShadowIndexOptions Shadow { get; set; } = new ShadowIndexOptions();
        public BackfillOptions Backfill { get; set; } = new BackfillOptions();
        public DeltaOptions Delta { get; set; } = new DeltaOptions();

        /// <summary>The new model for every stage (recorded on a new shadow index); null: the recorded one, or copying the vectors.</summary>
        public VectorEmbedder? Embedder { get; set; }

        /// <summary>Documents whose vectors the parity check compares.</summary>
        public int ParitySample { get; set; } = 100;

        public int ParityQueries { get; set; } = 10;

        /// <summary>Cut over even when parity fails (the delta is re-run first either way).</summary>
        public bool Force { get; set; }

        /// <summary>Abandon the migration in flight (its target is marked abandoned and left) and start a new generation from the live index.</summary>
        public bool Restart { get; set; }
    }
}
