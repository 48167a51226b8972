namespace VectorReindex.Core.Migrations
{
    /// <summary>
    /// One way the shadow index will differ from its source because the target cluster's version
    /// defaults to (or expresses) something else: what it is about, the source's and the target's
    /// value, and what the plan did about it.
    /// </summary>
    public sealed class PlanDrift
    {
        public PlanDrift(string aspect, string? field, string source, string target, string resolution)
        {
            Aspect = aspect;
            Field = field;
            Source = source;
            Target = target;
            Resolution = resolution;
        }

        /// <summary>What differs: index_options, source mode, vectors in _source, a setting.</summary>
        public string Aspect { get; }

        /// <summary>The mapping field concerned, or null for an index-wide difference.</summary>
        public string? Field { get; }

        /// <summary>The source index's value (as the source version has it).</summary>
        public string Source { get; }

        /// <summary>The target's value: what the plan writes, or the target version's default it lets stand.</summary>
        public string Target { get; }

        /// <summary>What the plan did and how to choose otherwise.</summary>
        public string Resolution { get; }

        public override string ToString() =>
            $"{Aspect}{(Field == null ? "" : " (" + Field + ")")}: {Source} -> {Target}. {Resolution}";
    }
}
