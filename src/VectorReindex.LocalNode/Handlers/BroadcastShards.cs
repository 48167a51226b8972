using System.Text.Json;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Handlers;

/// <summary>
/// The "_shards" header of a broadcast response (refresh, flush, force merge): every copy counts in the
/// total, only the primaries the node holds succeed, unassigned replicas neither succeed nor fail.
/// </summary>
internal static class BroadcastShards
{
    /// <summary>A broadcast response whose body is the "_shards" header alone.</summary>
    public static RestResponse Response(IReadOnlyCollection<LocalIndex> indices) => RestResponse.Ok(w =>
    {
        w.WriteStartObject();
        Write(w, indices);
        w.WriteEndObject();
    });

    public static void Write(Utf8JsonWriter w, IReadOnlyCollection<LocalIndex> indices)
    {
        w.WritePropertyName("_shards");
        w.WriteStartObject();
        w.WriteNumber("total", indices.Sum(i => i.Settings.NumberOfShards * (1 + i.Settings.NumberOfReplicas)));
        w.WriteNumber("successful", indices.Sum(i => i.Settings.NumberOfShards));
        w.WriteNumber("failed", 0);
        w.WriteEndObject();
    }
}
