using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Mapping;
using VectorReindex.LocalNode.Metadata;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Durability;

/// <summary>Serializes the whole cluster metadata (every index's identity, settings, mapping, aliases) for the log.</summary>
internal static class MetadataCodec
{
    public static byte[] Serialize(IEnumerable<LocalIndex> indices)
    {
        var array = new JsonArray();
        foreach (var index in indices)
        {
            var aliases = new JsonObject();
            foreach (var (name, alias) in index.Aliases)
                aliases[name] = alias.ToJson();
            array.Add(new JsonObject
            {
                ["name"] = index.Name,
                ["uuid"] = index.Uuid,
                ["creation_date"] = index.CreationDate,
                ["state"] = index.State,
                ["settings"] = IndexSettings.ToJson(index.Settings.Values, flat: true),
                ["mappings"] = index.Mapping.Source.DeepClone(),
                ["aliases"] = aliases,
            });
        }
        return JsonSerializer.SerializeToUtf8Bytes(array);
    }

    /// <summary>Brings the cluster to the logged metadata: keeps indices whose uuid still matches, creates new ones, drops the rest.</summary>
    public static void Apply(LocalCluster cluster, ReadOnlySpan<byte> json)
    {
        var array = JsonNode.Parse(json) as JsonArray ?? new JsonArray();
        var result = new List<LocalIndex>();
        foreach (var node in array.OfType<JsonObject>())
        {
            var name = node["name"]!.ToString();
            var uuid = node["uuid"]!.ToString();
            var settings = new IndexSettings(new SortedDictionary<string, string>(
                ((JsonObject)node["settings"]!).ToDictionary(p => p.Key, p => p.Value!.ToString()), StringComparer.Ordinal));
            var mapping = IndexMapping.FromStored((JsonObject)node["mappings"]!);
            var aliases = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
                ((JsonObject)node["aliases"]!).Select(p => KeyValuePair.Create(p.Key, AliasParser.Parse(p.Key, (JsonObject)p.Value!))));
            var closed = node["state"]?.ToString() == "close";
            var existing = cluster.Get(name);
            if (existing != null && existing.Uuid == uuid)
            {
                existing.Settings = settings;
                existing.Mapping = mapping;
                existing.Aliases = aliases;
                existing.IsClosed = closed;
                result.Add(existing);
            }
            else
            {
                result.Add(new LocalIndex(name, uuid, (long)node["creation_date"]!, settings, mapping, aliases) { IsClosed = closed });
            }
        }
        cluster.Load(result);
    }
}
