using System;
using System.Collections.Generic;
using System.Text.Json;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>
    /// Reads Elasticsearch's error body. Its "error" is an object (type, reason, root_cause) on
    /// most APIs and a plain string on a few (for example an unknown URL), so it is read by hand.
    /// </summary>
    internal static class ErrorBodyParser
    {
        public static (string? Type, string? Reason, IReadOnlyList<ElasticsearchErrorCause> RootCause) Parse(ReadOnlyMemory<byte> body)
        {
            if (body.Length == 0) return (null, null, Array.Empty<ElasticsearchErrorCause>());
            try
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("error", out var error))
                    return (null, null, Array.Empty<ElasticsearchErrorCause>());
                if (error.ValueKind == JsonValueKind.String) return (null, error.GetString(), Array.Empty<ElasticsearchErrorCause>());
                if (error.ValueKind != JsonValueKind.Object) return (null, null, Array.Empty<ElasticsearchErrorCause>());
                var causes = new List<ElasticsearchErrorCause>();
                if (error.TryGetProperty("root_cause", out var rc) && rc.ValueKind == JsonValueKind.Array)
                    foreach (var c in rc.EnumerateArray()) causes.Add(new ElasticsearchErrorCause(Str(c, "type"), Str(c, "reason"), Str(c, "index")));
                return (Str(error, "type"), Str(error, "reason"), causes);
            }
            catch (JsonException)
            {
                return (null, null, Array.Empty<ElasticsearchErrorCause>());
            }
        }

        private static string? Str(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
