namespace VectorReindex.Core.Migrations
{
    /// <summary>What an alias switch is, judged against the alias's recorded migrations and lineage.</summary>
    public enum AliasSwitchKind
    {
        /// <summary>The alias already points where asked.</summary>
        NoOp,

        /// <summary>To the target of the migration in flight from the live index: needs a passing parity check newer than its last delta.</summary>
        Forward,

        /// <summary>Back to the generation the alias left at its last cutover, which dual-write has kept current since.</summary>
        Rollback,

        /// <summary>To an index that was not kept current (an older generation, a rolled-back or abandoned target): a delta from the live index into it runs first, then it is switched to as a forward migration.</summary>
        CatchUp,

        /// <summary>To an index no record connects to the alias, accepted because it was forced (and serves the same model, or a model change was allowed).</summary>
        Unrecorded,
    }
}
