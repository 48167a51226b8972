using System.Text.Json;

namespace VectorReindex.LocalNode.Foundation;

/// <summary>
/// An error as Elasticsearch reports it: a snake_case type, a reason, an HTTP status and the extra
/// metadata fields (index, index_uuid, shard, resource.id...) that sit beside them in the error object.
/// </summary>
internal sealed class ElasticsearchException : Exception
{
    private readonly List<KeyValuePair<string, object?>> _metadata = new();
    private bool _isRootCause;

    public ElasticsearchException(int status, string type, string reason, ElasticsearchException? causedBy = null)
        : base(reason)
    {
        Status = status;
        Type = type;
        Reason = reason;
        CausedBy = causedBy;
    }

    public int Status { get; }
    public string Type { get; }
    public string Reason { get; }
    public ElasticsearchException? CausedBy { get; }
    public IReadOnlyList<KeyValuePair<string, object?>> Metadata => _metadata;

    public ElasticsearchException With(string key, object? value)
    {
        _metadata.Add(new(key, value));
        return this;
    }

    /// <summary>
    /// Reports this error, not its innermost cause, as the root cause: Elasticsearch unwraps only its
    /// wrapper exceptions, so an error that merely has a cause (media_type_header_exception) is its own root.
    /// </summary>
    public ElasticsearchException AsRootCause()
    {
        _isRootCause = true;
        return this;
    }

    public ElasticsearchException WithIndex(string index, string? uuid)
        => With("index_uuid", uuid ?? "_na_").With("index", index);

    public ElasticsearchException WithShard(string index, string uuid, int shard)
        => With("index_uuid", uuid).With("shard", shard.ToString(System.Globalization.CultureInfo.InvariantCulture)).With("index", index);

    /// <summary>Writes the error object (type, reason, metadata, caused_by) without root_cause.</summary>
    public void WriteCause(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        WriteFields(writer, withCause: true);
        writer.WriteEndObject();
    }

    /// <summary>Writes the error object as it appears under "error", with root_cause first.</summary>
    public void WriteError(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("root_cause");
        writer.WriteStartArray();
        var root = this;
        while (root.CausedBy != null && !root._isRootCause)
            root = root.CausedBy;
        writer.WriteStartObject();
        root.WriteFields(writer, withCause: false);
        writer.WriteEndObject();
        writer.WriteEndArray();
        WriteFields(writer, withCause: true);
        writer.WriteEndObject();
    }

    /// <summary>type, reason and metadata, then caused_by when asked and present.</summary>
    private void WriteFields(Utf8JsonWriter writer, bool withCause)
    {
        writer.WriteString("type", Type);
        writer.WriteString("reason", Reason);
        foreach (var (key, value) in _metadata)
        {
            writer.WritePropertyName(key);
            JsonValueWriter.Write(writer, value);
        }
        if (withCause && CausedBy != null)
        {
            writer.WritePropertyName("caused_by");
            CausedBy.WriteCause(writer);
        }
    }

    /// <summary>The whole response body: {"error":{...},"status":N}.</summary>
    public void WriteResponse(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("error");
        WriteError(writer);
        writer.WriteNumber("status", Status);
        writer.WriteEndObject();
    }
}
