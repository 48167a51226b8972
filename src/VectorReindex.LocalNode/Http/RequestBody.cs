using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Http;

/// <summary>Reads request bodies as JSON with Elasticsearch's errors for a missing or malformed body.</summary>
internal static class RequestBody
{
    public static JsonObject? ParseObjectOrNull(RestRequest request)
    {
        if (!request.HasBody)
            return null;
        return ParseObject(request);
    }

    public static JsonObject ParseObject(RestRequest request)
    {
        if (!request.HasBody)
            throw new ElasticsearchException(400, "parse_exception", "request body is required");
        try
        {
            return JsonNode.Parse(request.Body.Span, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }) as JsonObject
                ?? throw Errors.ParseError("[1:1] Unexpected token, expected START_OBJECT");
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var column = (ex.BytePositionInLine ?? 0) + 1;
            throw Errors.ParseError($"[{line}:{column}] {ex.Message}");
        }
    }
}
