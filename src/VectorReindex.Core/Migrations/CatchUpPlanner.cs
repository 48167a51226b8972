using System.Collections.Generic;
using System.Text.Json.Nodes;
using VectorReindex.Core.Embedding;

namespace VectorReindex.Core.Migrations
{
    /// <summary>
    /// The record that brings a generation the alias left behind up to date: a migration from the
    /// live index into it, with the generation's own vector field, dimensions and model (so the
    /// delta writes what that index's readers expect), its settings kept as they are at cutover,
    /// and the text field the live index's migration embedded.
    /// </summary>
    public static class CatchUpPlanner
    {
        public static VectorMigration Plan(AliasSwitchPlan plan, JsonObject liveMappings, JsonObject toMappings, Dictionary<string, JsonNode?> toSettings, EmbedderDescriptor? embedder)
        {
            var liveRecord = MigrationStore.FromMappings(liveMappings, plan.From);
            var toRecord = MigrationStore.FromMappings(toMappings, plan.To);
            var served = CutoverGuard.ServedVectorField(plan.From, liveMappings, liveRecord);
            var field = served != null && ShadowIndexPlanner.FieldAt(toMappings, served)?["type"]?.ToString() == "dense_vector"
                ? served
                : ShadowIndexPlanner.ChooseVectorField(toMappings, null, plan.To);
            var dims = CutoverGuard.Dims(ShadowIndexPlanner.FieldAt(toMappings, field));
            var model = embedder ?? CutoverGuard.ModelOf(toMappings);
            var liveModel = CutoverGuard.ModelOf(liveMappings);
            var copies = model == null || model.Kind == EmbedderKind.Copy || model.Equals(liveModel);
            if (model == null && dims != CutoverGuard.Dims(served == null ? null : ShadowIndexPlanner.FieldAt(liveMappings, served)))
                throw new VectorMigrationException(MigrationErrorCodes.EmbedderRequired, MigrationErrorKind.InvalidArgument,
                    $"Index {plan.To} records no model, and its field '{field}' holds other dimensions than {plan.From}'s: its vectors cannot be copied, and nothing says how to make them.", plan.To);
            return new VectorMigration
            {
                Alias = plan.Alias,
                Source = plan.From,
                Target = plan.To,
                VectorField = field,
                TextField = (liveRecord?.Target == plan.From ? liveRecord.TextField : null) ?? toRecord?.TextField,
                Dimensions = dims,
                Embedder = copies ? null : JsonNode.Parse(model!.ToJson())!.AsObject(),
                Phase = MigrationPhase.Backfilled,
                OriginalRefreshInterval = toSettings.TryGetValue("index.refresh_interval", out var r) ? r?.ToString() : null,
                OriginalReplicas = toSettings.TryGetValue("index.number_of_replicas", out var rep) ? rep?.ToString() ?? "1" : "1",
            };
        }
    }
}
