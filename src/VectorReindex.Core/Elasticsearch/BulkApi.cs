using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using VectorReindex.Core.Documents;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>The _bulk API: NDJSON streamed to the request, per-item results back in request order.</summary>
    public sealed class BulkApi
    {
        private static readonly byte[] Newline = { (byte)'\n' };
        private const int ChunkCapacity = 80 * 1024;
        private const int FlushAt = 48 * 1024;
        private readonly ElasticsearchCluster _transport;

        public BulkApi(ElasticsearchCluster transport) => _transport = transport;

        /// <summary>Sends one bulk request. Item failures are in the results; only a failure of the whole request throws.</summary>
        public async Task<IReadOnlyList<BulkItemResult>> SendAsync(IReadOnlyList<BulkOperation> operations, string? refresh, CancellationToken ct)
        {
            if (operations.Count == 0) return Array.Empty<BulkItemResult>();
            return ParseItems(await PostAsync(operations, refresh, ct).ConfigureAwait(false), operations);
        }

        /// <summary>
        /// Sends one bulk request whose callers need an item's result only when it did not succeed: null
        /// when the response says <c>"errors":false</c> (Elasticsearch sets it when any item failed), so a
        /// clean bulk's items are not read at all; otherwise every item's result, as <see cref="SendAsync"/>.
        /// </summary>
        public async Task<IReadOnlyList<BulkItemResult>?> SendUnlessAllSucceededAsync(IReadOnlyList<BulkOperation> operations, CancellationToken ct)
        {
            if (operations.Count == 0) return null;
            var response = await PostAsync(operations, null, ct).ConfigureAwait(false);
            return ReportsNoErrors(response.Body.Span) ? null : ParseItems(response, operations);
        }

        private Task<RawResponse> PostAsync(IReadOnlyList<BulkOperation> operations, string? refresh, CancellationToken ct) =>
            _transport.SendAsync(new ElasticsearchRequest(HttpMethod.Post, "/_bulk")
            {
                IsNdJson = true,
                Body = (stream, token) => WriteBodyAsync(stream, operations, token),
            }.WithQuery("refresh", refresh), ct);

        /// <summary>Whether the top-level "errors" of a bulk response is false, found before the items where Elasticsearch writes it.</summary>
        private static bool ReportsNoErrors(ReadOnlySpan<byte> json)
        {
            var i = 0;
            RawJson.EnterObject(json, ref i);
            while (RawJson.NextProperty(json, ref i, out var ns, out var ne, out var vs, out var ve))
            {
                if (RawJson.NameEquals(json.Slice(ns, ne - ns), "errors")) return json.Slice(vs, ve - vs).SequenceEqual(False);
            }
            return false;
        }

        private static readonly byte[] False = { (byte)'f', (byte)'a', (byte)'l', (byte)'s', (byte)'e' };

        private static async Task WriteBodyAsync(Stream stream, IReadOnlyList<BulkOperation> operations, CancellationToken ct)
        {
            // Buffer per chunk of operations so the socket sees large writes, not one per line; the chunk
            // stays under the large-object threshold (85,000 bytes), so a bulk of megabytes allocates
            // no large array that only a gen2 collection frees.
            using var buffer = new MemoryStream(ChunkCapacity);
            using var writer = new Utf8JsonWriter(buffer);
            foreach (var op in operations)
            {
                WriteAction(writer, op);
                writer.Flush();
                writer.Reset();
                buffer.Write(Newline, 0, 1);
                if (op.HasBody)
                {
                    op.WriteBody(writer);
                    writer.Flush();
                    writer.Reset();
                    buffer.Write(Newline, 0, 1);
                }
                if (buffer.Length > FlushAt)
                {
                    buffer.Position = 0;
                    await buffer.CopyToAsync(stream, 81920, ct).ConfigureAwait(false);
                    buffer.SetLength(0);
                }
            }
            buffer.Position = 0;
            await buffer.CopyToAsync(stream, 81920, ct).ConfigureAwait(false);
        }

        private static void WriteAction(Utf8JsonWriter w, BulkOperation op)
        {
            w.WriteStartObject();
            w.WriteStartObject(ActionName(op.Action));
            w.WriteString("_index", op.Index);
            w.WriteString("_id", op.Id);
            if (op.Version.HasValue) w.WriteNumber("version", op.Version.Value);
            if (op.VersionType != null) w.WriteString("version_type", op.VersionType);
            if (op.IfSeqNo.HasValue) w.WriteNumber("if_seq_no", op.IfSeqNo.Value);
            if (op.IfPrimaryTerm.HasValue) w.WriteNumber("if_primary_term", op.IfPrimaryTerm.Value);
            if (op.Routing != null) w.WriteString("routing", op.Routing);
            if (op.ReturnSource) w.WriteBoolean("_source", true);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        internal static string ActionName(BulkAction action) => action switch
        {
            BulkAction.Index => "index",
            BulkAction.Create => "create",
            BulkAction.Update => "update",
            _ => "delete",
        };

        private static IReadOnlyList<BulkItemResult> ParseItems(RawResponse response, IReadOnlyList<BulkOperation> operations)
        {
            using var doc = response.ParseDocument();
            var results = new List<BulkItemResult>(operations.Count);
            if (!doc.RootElement.TryGetProperty("items", out var items)) return results;
            var i = 0;
            foreach (var wrapper in items.EnumerateArray())
            {
                foreach (var actionProperty in wrapper.EnumerateObject())
                {
                    var item = actionProperty.Value;
                    var result = new BulkItemResult
                    {
                        Action = i < operations.Count ? operations[i].Action : BulkAction.Index,
                        Index = Str(item, "_index") ?? "",
                        Id = Str(item, "_id") ?? (i < operations.Count ? operations[i].Id : ""),
                        Status = item.TryGetProperty("status", out var s) ? s.GetInt32() : 0,
                        Result = Str(item, "result"),
                        Version = Long(item, "_version"),
                        SeqNo = Long(item, "_seq_no"),
                        PrimaryTerm = Long(item, "_primary_term"),
                    };
                    if (item.TryGetProperty("error", out var error))
                    {
                        result.ErrorType = error.ValueKind == JsonValueKind.Object ? Str(error, "type") : null;
                        result.ErrorReason = error.ValueKind == JsonValueKind.Object ? Str(error, "reason") : error.ToString();
                    }
                    if (item.TryGetProperty("get", out var get) && get.TryGetProperty("_source", out var source) && source.ValueKind == JsonValueKind.Object)
                        result.Source = JsonNode.Parse(source.GetRawText())!.AsObject();
                    results.Add(result);
                }
                i++;
            }
            return results;
        }

        private static string? Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static long? Long(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : (long?)null;
    }
}
