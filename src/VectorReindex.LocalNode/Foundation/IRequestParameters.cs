namespace VectorReindex.LocalNode.Foundation;

/// <summary>
/// A request's URL parameters, read by name and parsed as Elasticsearch parses them. Domain code that
/// takes parameters (indices options, source filtering, search, reindex) reads them through this, so
/// it never depends on the REST layer's request.
/// </summary>
internal interface IRequestParameters
{
    string? Param(string name);

    bool HasParam(string name);

    /// <summary>A boolean parameter: present and empty means true; anything but true or false is an error.</summary>
    bool Flag(string name, bool defaultValue);

    long? LongParam(string name);

    int? IntParam(string name);

    /// <summary>A comma-separated list parameter, null when absent.</summary>
    string[]? ListParam(string name);
}
