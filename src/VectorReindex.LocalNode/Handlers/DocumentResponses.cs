using System.Text.Json;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Handlers;

/// <summary>The body fields shared by index, create, delete, update and their bulk items.</summary>
internal static class DocumentResponses
{
    public static void WriteShards(Utf8JsonWriter writer, LocalIndex index, bool noop = false)
    {
        writer.WritePropertyName("_shards");
        writer.WriteStartObject();
        writer.WriteNumber("total", noop ? 0 : 1 + index.Settings.NumberOfReplicas);
        writer.WriteNumber("successful", noop ? 0 : 1);
        writer.WriteNumber("failed", 0);
        writer.WriteEndObject();
    }

    /// <summary>_index, _id, _version, result, [forced_refresh], _shards, _seq_no, _primary_term.</summary>
    public static void WriteFields(Utf8JsonWriter writer, LocalIndex index, StoredDocument doc, string result, bool forcedRefresh)
    {
        writer.WriteString("_index", index.Name);
        writer.WriteString("_id", doc.Id);
        writer.WriteNumber("_version", doc.Version);
        writer.WriteString("result", result);
        if (forcedRefresh)
            writer.WriteBoolean("forced_refresh", true);
        WriteShards(writer, index, result == "noop");
        writer.WriteNumber("_seq_no", doc.SeqNo);
        writer.WriteNumber("_primary_term", doc.PrimaryTerm);
    }

    /// <summary>The "get" section of an update response (found document with filtered _source).</summary>
    public static void WriteUpdateGet(Utf8JsonWriter writer, StoredDocument doc, SourceFilter filter)
    {
        writer.WritePropertyName("get");
        writer.WriteStartObject();
        writer.WriteNumber("_seq_no", doc.SeqNo);
        writer.WriteNumber("_primary_term", doc.PrimaryTerm);
        writer.WriteBoolean("found", true);
        if (filter.Fetch && !doc.IsDeleted)
        {
            writer.WritePropertyName("_source");
            filter.WriteSource(writer, doc.FullSource());
        }
        writer.WriteEndObject();
    }
}
