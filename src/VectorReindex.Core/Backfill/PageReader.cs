using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using VectorReindex.Core.Documents;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Backfill
{
    /// <summary>One page of a slice: the documents, and the sort values to continue after the last one.</summary>
    public sealed class SourcePage : System.IDisposable
    {
        private readonly RawResponse _response;

        internal SourcePage(RawResponse response, List<SourceDocument> documents, JsonArray? lastSort, string? pitId)
        {
            _response = response;
            Documents = documents;
            LastSort = lastSort;
            PitId = pitId;
        }

        public List<SourceDocument> Documents { get; }
        public JsonArray? LastSort { get; }

        /// <summary>The PIT id the cluster returned (it may change between pages).</summary>
        public string? PitId { get; }

        /// <summary>Ends the documents' life: their sources point into the response's pooled buffer.</summary>
        public void Dispose()
        {
            _response.Dispose();
        }
    }

    /// <summary>Reads pages of one PIT slice with search_after on _shard_doc, asking for versions and vectors.</summary>
    public static class PageReader
    {
        public static async Task<SourcePage> ReadAsync(SearchApi search, string pitId, string keepAlive, int sliceId, int sliceCount,
            JsonArray? searchAfter, int size, bool mustAskForVectors, CancellationToken ct)
        {
            var body = new JsonObject
            {
                ["size"] = size,
                ["version"] = true,
                ["track_total_hits"] = false,
                ["pit"] = new JsonObject { ["id"] = pitId, ["keep_alive"] = keepAlive },
                ["sort"] = new JsonArray(new JsonObject { ["_shard_doc"] = "asc" }),
                ["_source"] = mustAskForVectors ? new JsonObject { ["exclude_vectors"] = false } : (JsonNode)true,
            };
            if (sliceCount > 1) body["slice"] = new JsonObject { ["id"] = sliceId, ["max"] = sliceCount };
            if (searchAfter != null) body["search_after"] = searchAfter.DeepClone();
            var response = await search.SearchPageAsync(body, ct).ConfigureAwait(false);
            try
            {
                return Scan(response, size);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Picks hits.hits[*]._id, _version, _routing, _source and the last sort, and pit_id, out of the page
        /// without tokenizing the sources: each _source stays a slice of the response's buffer.
        /// </summary>
        private static SourcePage Scan(RawResponse response, int size)
        {
            var body = response.Body;
            var json = body.Span;
            var docs = new List<SourceDocument>(size);
            JsonArray? lastSort = null;
            string? newPit = null;
            var i = 0;
            RawJson.EnterObject(json, ref i);
            while (RawJson.NextProperty(json, ref i, out var ns, out var ne, out var vs, out var ve))
            {
                var name = json.Slice(ns, ne - ns);
                if (RawJson.NameEquals(name, "pit_id")) newPit = json[vs] == '"' ? RawJson.ReadString(json.Slice(vs, ve - vs)) : null;
                else if (RawJson.NameEquals(name, "hits") && json[vs] == '{')
                {
                    var h = vs;
                    RawJson.EnterObject(json, ref h);
                    while (RawJson.NextProperty(json, ref h, out var hns, out var hne, out var hvs, out var hve))
                    {
                        if (!RawJson.NameEquals(json.Slice(hns, hne - hns), "hits") || json[hvs] != '[') continue;
                        lastSort = ReadHits(body, hvs, docs);
                    }
                }
            }
            return new SourcePage(response, docs, lastSort, newPit);
        }

        private static JsonArray? ReadHits(ReadOnlyMemory<byte> body, int arrayStart, List<SourceDocument> docs)
        {
            var json = body.Span;
            int lastSortStart = -1, lastSortEnd = -1;
            var i = RawJson.SkipWhitespace(json, arrayStart + 1);
            while (i < json.Length && json[i] != ']')
            {
                if (json[i] == ',') { i = RawJson.SkipWhitespace(json, i + 1); continue; }
                string? id = null, routing = null;
                long version = 1;
                int sourceStart = -1, sourceEnd = -1, sortStart = -1, sortEnd = -1;
                RawJson.EnterObject(json, ref i);
                while (RawJson.NextProperty(json, ref i, out var ns, out var ne, out var vs, out var ve))
                {
                    var name = json.Slice(ns, ne - ns);
                    if (RawJson.NameEquals(name, "_id")) id = RawJson.ReadString(json.Slice(vs, ve - vs));
                    else if (RawJson.NameEquals(name, "_version")) version = RawJson.ReadInt64(json.Slice(vs, ve - vs));
                    else if (RawJson.NameEquals(name, "_source")) (sourceStart, sourceEnd) = (vs, ve);
                    else if (RawJson.NameEquals(name, "sort")) (sortStart, sortEnd) = (vs, ve);
                    else if (RawJson.NameEquals(name, "_routing") && json[vs] == '"') routing = RawJson.ReadString(json.Slice(vs, ve - vs));
                }
                if (id == null || sourceStart < 0)
                    throw new JsonException("A hit of the page has no _id or no _source.");
                docs.Add(new SourceDocument(id, version, body.Slice(sourceStart, sourceEnd - sourceStart), routing));
                (lastSortStart, lastSortEnd) = (sortStart, sortEnd);
                i = RawJson.SkipWhitespace(json, i);
            }
            if (docs.Count > 0 && lastSortStart < 0) throw new JsonException("The last hit of the page has no sort values to continue after.");
            return lastSortStart < 0 ? null : JsonNode.Parse(json.Slice(lastSortStart, lastSortEnd - lastSortStart).ToArray())!.AsArray();
        }
    }
}
