using System.Globalization;
using Microsoft.AspNetCore.Http;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Search;

namespace VectorReindex.LocalNode.Http;

/// <summary>
/// One REST call as a handler sees it: method, decoded path parts, query parameters and the body bytes.
/// Reading a parameter marks it as known, which is how unrecognized parameters are found.
/// </summary>
internal sealed class RestRequest : IRequestParameters
{
    private readonly Dictionary<string, string> _query;

    public RestRequest(string method, string path, Dictionary<string, string> pathParams, Dictionary<string, string> query, ReadOnlyMemory<byte> body, HttpContext? context)
    {
        Method = method;
        Path = path;
        PathParams = pathParams;
        _query = query;
        Body = body;
        Context = context;
    }

    public string Method { get; }
    public string Path { get; }
    public Dictionary<string, string> PathParams { get; }
    public IReadOnlyDictionary<string, string> Query => _query;
    public ReadOnlyMemory<byte> Body { get; }
    public HttpContext? Context { get; }
    public bool HasBody => !Body.Span.Trim(" \n\r\t"u8).IsEmpty;
    public bool IsHead => Method == "HEAD";

    public string? PathParam(string name) => PathParams.TryGetValue(name, out var v) ? v : null;

    public string? Param(string name) => _query.TryGetValue(name, out var v) ? v : null;

    public bool HasParam(string name) => _query.ContainsKey(name);

    /// <summary>A boolean parameter as Elasticsearch reads it: present and empty means true.</summary>
    public bool Flag(string name, bool defaultValue)
    {
        var value = Param(name);
        if (value == null)
            return defaultValue;
        return value switch
        {
            "" or "true" => true,
            "false" => false,
            _ => throw Errors.IllegalArgument($"Failed to parse value [{value}] as only [true] or [false] are allowed."),
        };
    }

    public long? LongParam(string name)
    {
        var value = Param(name);
        if (value == null)
            return null;
        return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)
            ? l
            : throw Errors.IllegalArgument($"Failed to parse long parameter [{name}] with value [{value}]");
    }

    public int? IntParam(string name)
    {
        var value = Param(name);
        if (value == null)
            return null;
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)
            ? i
            : throw Errors.IllegalArgument($"Failed to parse int parameter [{name}] with value [{value}]");
    }

    /// <summary>Comma-separated list parameter, null when absent.</summary>
    public string[]? ListParam(string name)
        => Param(name) is { } v ? v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
}
