using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Mapping;

/// <summary>Elasticsearch's mapping errors: mapper_parsing_exception with "Failed to parse mapping: ..." and its cause.</summary>
internal static class MappingErrors
{
    public static ElasticsearchException Parsing(string reason)
        => new(400, "mapper_parsing_exception", "Failed to parse mapping: " + reason, new ElasticsearchException(400, "mapper_parsing_exception", reason));

    public static ElasticsearchException Unsupported(string field, IEnumerable<string> parameters)
        => Parsing($"unknown parameter [{parameters.First()}] on mapper [{field}] of type [dense_vector]");

    public static ElasticsearchException Conflict(string reason)
        => Errors.IllegalArgument(reason);
}
