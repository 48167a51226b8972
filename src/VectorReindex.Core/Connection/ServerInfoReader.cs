using System.Text.Json;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Connection
{
    /// <summary>Reads the body of <c>GET /</c> into <see cref="ServerInfo"/>; a body that is not cluster information is an error unless forced.</summary>
    internal static class ServerInfoReader
    {
        public static ServerInfo Read(RawResponse response, bool force)
        {
            try
            {
                using var doc = response.ParseDocument();
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw new JsonException("The body is not a JSON object.");
                var version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Object ? v : default;
                return new ServerInfo(
                    Str(root, "cluster_name") ?? "unknown",
                    Str(root, "cluster_uuid") ?? "unknown",
                    Str(root, "name") ?? "unknown",
                    version.ValueKind == JsonValueKind.Object ? Str(version, "number") ?? "" : "",
                    version.ValueKind == JsonValueKind.Object ? Str(version, "build_flavor") : null);
            }
            catch (JsonException) when (force)
            {
                return new ServerInfo("unknown", "unknown", "unknown", "");
            }
            catch (JsonException ex)
            {
                throw new ElasticsearchException(
                    $"The server at {response.Node} sent a GET / body that is not Elasticsearch's cluster information ({ex.Message}). Check the URI.",
                    ElasticsearchFailure.NotElasticsearch, "GET", "/", response.Node, response.StatusCode, innerException: ex);
            }
        }

        private static string? Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
