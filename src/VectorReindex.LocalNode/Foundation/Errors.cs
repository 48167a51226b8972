namespace VectorReindex.LocalNode.Foundation;

/// <summary>Factories for the errors Elasticsearch answers most, with its exact types and reasons.</summary>
internal static class Errors
{
    /// <summary>A text field asked for per-document values (a sort or an aggregation), which Elasticsearch refuses without fielddata.</summary>
    public static ElasticsearchException FielddataDisabled(string field, string index)
        => IllegalArgument($"Fielddata is disabled on [{field}] in [{index}]. Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [{field}] in order to load field data by uninverting the inverted index. Note that this can use significant amounts of memory.");

    public static ElasticsearchException IllegalArgument(string reason)
        => new(400, "illegal_argument_exception", reason);

    public static ElasticsearchException ParseError(string reason)
        => new(400, "x_content_parse_exception", reason);

    public static ElasticsearchException IndexNotFound(string name)
        => new ElasticsearchException(404, "index_not_found_exception", $"no such index [{name}]")
            .With("resource.type", "index_or_alias").With("resource.id", name).WithIndex(name, null);

    public static ElasticsearchException IndexNotFound(string name, string reason)
        => new ElasticsearchException(404, "index_not_found_exception", reason)
            .With("resource.type", "index_or_alias").With("resource.id", name).WithIndex(name, null);

    public static ElasticsearchException IndexClosed(string name, string uuid)
        => new ElasticsearchException(400, "index_closed_exception", "closed").WithIndex(name, uuid);

    public static ElasticsearchException ActionValidation(params string[] problems)
    {
        var text = string.Concat(problems.Select((p, i) => $"{i + 1}: {p};"));
        return new ElasticsearchException(400, "action_request_validation_exception", "Validation Failed: " + text);
    }

    /// <summary>A write to an index whose index.blocks.write (or read_only) is set, as Elasticsearch words it.</summary>
    public static ElasticsearchException WriteBlocked(string name, bool readOnly)
        => new(403, "cluster_block_exception", readOnly ? $"index [{name}] blocked by: [FORBIDDEN/5/index read-only (api)];" : $"index [{name}] blocked by: [FORBIDDEN/8/index write (api)];");

    public static ElasticsearchException Rejected(string reason)
        => new(429, "es_rejected_execution_exception", reason);
}
