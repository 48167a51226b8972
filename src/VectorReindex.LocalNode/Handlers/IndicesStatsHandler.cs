using System.Globalization;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Engine;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Metadata;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Handlers;

/// <summary>
/// GET _stats: Elasticsearch's per-index statistics sections, filtered by metric (/_stats/{metric}) and
/// level (cluster, indices, shards), with the per-field breakdowns of fields / fielddata_fields /
/// completion_fields. Counters the node does not keep (caches, segments, warmers) are reported as the
/// zeros an idle shard shows.
/// </summary>
internal sealed class IndicesStatsHandler
{
    private const string Params = "ignore_unavailable,allow_no_indices,expand_wildcards,level,completion_fields,fielddata_fields,fields,groups,include_segment_file_sizes,include_unloaded_segments,forbid_closed_indices";

    /// <summary>The metric names the URL takes, each with the section it writes.</summary>
    private static readonly (string Metric, string Section)[] Metrics =
    {
        ("docs", "docs"), ("shard_stats", "shard_stats"), ("store", "store"), ("indexing", "indexing"), ("get", "get"),
        ("search", "search"), ("merge", "merges"), ("refresh", "refresh"), ("flush", "flush"), ("warmer", "warmer"),
        ("query_cache", "query_cache"), ("fielddata", "fielddata"), ("completion", "completion"), ("segments", "segments"),
        ("translog", "translog"), ("request_cache", "request_cache"), ("recovery", "recovery"), ("bulk", "bulk"),
        ("dense_vector", "dense_vector"), ("sparse_vector", "sparse_vector"), ("mappings", "mappings"),
    };

    private readonly LocalNodeEngine _engine;

    public IndicesStatsHandler(LocalNodeEngine engine)
    {
        _engine = engine;
    }

    public void Register(RestRouter router)
    {
        router.Add("GET", "/_stats", Params, Stats);
        router.Add("GET", "/{index}/_stats", Params, Stats);
        router.Add("GET", "/_stats/{metric}", Params, Stats);
        router.Add("GET", "/{index}/_stats/{metric}", Params, Stats);
    }

    private sealed record FieldFilters(string[]? Fielddata, string[]? Completion, bool SegmentFileSizes);

    private RestResponse Stats(RestRequest request)
    {
        var sections = Sections(request);
        var level = request.Param("level") ?? "indices";
        if (level is not ("cluster" or "indices" or "shards"))
            throw Errors.IllegalArgument($"level parameter must be one of [cluster] or [indices] or [shards] but was [{level}]");
        var fields = request.ListParam("fields");
        var filters = new FieldFilters(request.ListParam("fielddata_fields") ?? fields, request.ListParam("completion_fields") ?? fields, request.Flag("include_segment_file_sizes", false));
        request.ListParam("groups");
        request.Flag("include_unloaded_segments", false);
        var indices = _engine.Cluster.Resolve(request.PathParam("index"), IndicesOptions.From(request, new IndicesOptions()));

        var perIndex = new JsonObject();
        var all = new List<IndexStatsValues>();
        foreach (var index in indices)
        {
            var values = IndexStatsValues.Of(index);
            all.Add(values);
            if (level == "cluster")
                continue;
            var entry = new JsonObject
            {
                ["uuid"] = index.Uuid,
                ["health"] = index.Settings.NumberOfReplicas > 0 ? "yellow" : "green",
                ["status"] = index.State,
                ["primaries"] = Write(values, sections, filters, index),
                ["total"] = Write(values, sections, filters, index),
            };
            if (level == "shards")
                entry["shards"] = Shards(index, values);
            perIndex[index.Name] = entry;
        }
        var sum = IndexStatsValues.Sum(all);
        var result = new JsonObject
        {
            ["_shards"] = new JsonObject
            {
                ["total"] = indices.Sum(i => i.Settings.NumberOfShards * (1 + i.Settings.NumberOfReplicas)),
                ["successful"] = indices.Sum(i => i.Settings.NumberOfShards),
                ["failed"] = 0,
            },
            ["_all"] = new JsonObject { ["primaries"] = Write(sum, sections, filters, null), ["total"] = Write(sum, sections, filters, null) },
        };
        if (level != "cluster")
            result["indices"] = perIndex;
        return RestResponse.Ok(result);
    }

    /// <summary>The sections the metric path asks for; no metric or _all means every one.</summary>
    private static HashSet<string> Sections(RestRequest request)
    {
        var requested = request.PathParam("metric")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (requested == null || requested.Contains("_all"))
            return Metrics.Select(m => m.Section).ToHashSet();
        var unknown = requested.Where(m => !Metrics.Any(k => k.Metric == m)).ToList();
        if (unknown.Count > 0)
        {
            var known = Metrics.Select(m => m.Metric).ToList();
            throw Errors.IllegalArgument($"request [{request.Path}] contains unrecognized metric{(unknown.Count == 1 ? "" : "s")}: {Levenshtein.DescribeUnknown(unknown, known)}");
        }
        return requested.Select(m => Metrics.First(k => k.Metric == m).Section).ToHashSet();
    }

    private static JsonObject Write(IndexStatsValues v, HashSet<string> sections, FieldFilters filters, LocalIndex? index)
    {
        var o = new JsonObject();
        void Section(string name, Func<JsonObject> build)
        {
            if (sections.Contains(name))
                o[name] = build();
        }
        Section("docs", () => new JsonObject { ["count"] = v.Docs, ["deleted"] = v.Deleted, ["total_size_in_bytes"] = v.SourceBytes });
        Section("shard_stats", () => new JsonObject { ["total_count"] = v.Shards });
        Section("store", () => new JsonObject { ["size_in_bytes"] = v.SourceBytes, ["total_data_set_size_in_bytes"] = v.SourceBytes, ["reserved_in_bytes"] = 0 });
        Section("indexing", () => new JsonObject
        {
            ["index_total"] = v.IndexTotal, ["index_time_in_millis"] = 0, ["index_current"] = 0, ["index_failed"] = 0,
            ["delete_total"] = v.DeleteTotal, ["delete_time_in_millis"] = 0, ["delete_current"] = 0, ["noop_update_total"] = 0,
            ["is_throttled"] = false, ["throttle_time_in_millis"] = 0,
        });
        Section("get", () => new JsonObject
        {
            ["total"] = 0, ["time_in_millis"] = 0, ["exists_total"] = 0, ["exists_time_in_millis"] = 0, ["missing_total"] = 0, ["missing_time_in_millis"] = 0, ["current"] = 0,
        });
        Section("search", () => new JsonObject
        {
            ["open_contexts"] = 0, ["query_total"] = 0, ["query_time_in_millis"] = 0, ["query_current"] = 0, ["fetch_total"] = 0, ["fetch_time_in_millis"] = 0,
            ["fetch_current"] = 0, ["scroll_total"] = 0, ["scroll_time_in_millis"] = 0, ["scroll_current"] = 0, ["suggest_total"] = 0, ["suggest_time_in_millis"] = 0, ["suggest_current"] = 0,
        });
        Section("merges", () => new JsonObject
        {
            ["current"] = 0, ["current_docs"] = 0, ["current_size_in_bytes"] = 0, ["total"] = v.ForceMerges, ["total_time_in_millis"] = 0, ["total_docs"] = 0,
            ["total_size_in_bytes"] = 0, ["total_stopped_time_in_millis"] = 0, ["total_throttled_time_in_millis"] = 0, ["total_auto_throttle_in_bytes"] = 0,
        });
        Section("refresh", () => new JsonObject { ["total"] = 0, ["total_time_in_millis"] = 0, ["external_total"] = 0, ["external_total_time_in_millis"] = 0, ["listeners"] = 0 });
        Section("flush", () => new JsonObject { ["total"] = v.Flushes, ["periodic"] = 0, ["total_time_in_millis"] = 0, ["total_time_excluding_waiting_on_lock_in_millis"] = 0 });
        Section("warmer", () => new JsonObject { ["current"] = 0, ["total"] = 0, ["total_time_in_millis"] = 0 });
        Section("query_cache", () => new JsonObject
        {
            ["memory_size_in_bytes"] = 0, ["total_count"] = 0, ["hit_count"] = 0, ["miss_count"] = 0, ["cache_size"] = 0, ["cache_count"] = 0, ["evictions"] = 0,
        });
        Section("fielddata", () =>
        {
            var fielddata = new JsonObject { ["memory_size_in_bytes"] = 0, ["evictions"] = 0, ["global_ordinals"] = new JsonObject { ["build_time_in_millis"] = 0 } };
            if (filters.Fielddata != null)
                fielddata["fields"] = FieldEntries(index, filters.Fielddata, "memory_size_in_bytes", t => t is "keyword" or "text");
            return fielddata;
        });
        Section("completion", () =>
        {
            var completion = new JsonObject { ["size_in_bytes"] = 0 };
            if (filters.Completion != null)
                completion["fields"] = FieldEntries(index, filters.Completion, "size_in_bytes", t => t == "completion");
            return completion;
        });
        Section("segments", () =>
        {
            var segments = new JsonObject
            {
                ["count"] = 0, ["memory_in_bytes"] = 0, ["terms_memory_in_bytes"] = 0, ["stored_fields_memory_in_bytes"] = 0, ["term_vectors_memory_in_bytes"] = 0,
                ["norms_memory_in_bytes"] = 0, ["points_memory_in_bytes"] = 0, ["doc_values_memory_in_bytes"] = 0, ["index_writer_memory_in_bytes"] = 0,
                ["version_map_memory_in_bytes"] = 0, ["fixed_bit_set_memory_in_bytes"] = 0, ["max_unsafe_auto_id_timestamp"] = -1,
            };
            if (filters.SegmentFileSizes)
                segments["file_sizes"] = new JsonObject();
            return segments;
        });
        Section("translog", () => new JsonObject
        {
            ["operations"] = v.IndexTotal + v.DeleteTotal, ["size_in_bytes"] = 0, ["uncommitted_operations"] = 0, ["uncommitted_size_in_bytes"] = 0, ["earliest_last_modified_age"] = 0,
        });
        Section("request_cache", () => new JsonObject { ["memory_size_in_bytes"] = 0, ["evictions"] = 0, ["hit_count"] = 0, ["miss_count"] = 0 });
        Section("recovery", () => new JsonObject { ["current_as_source"] = 0, ["current_as_target"] = 0, ["throttle_time_in_millis"] = 0 });
        Section("bulk", () => new JsonObject
        {
            ["total_operations"] = 0, ["total_time_in_millis"] = 0, ["total_size_in_bytes"] = 0, ["avg_time_in_millis"] = 0, ["avg_size_in_bytes"] = 0,
        });
        Section("dense_vector", () => new JsonObject { ["value_count"] = v.Vectors });
        Section("sparse_vector", () => new JsonObject { ["value_count"] = 0 });
        Section("mappings", () => new JsonObject { ["total_count"] = v.MappedFields, ["total_estimated_overhead_in_bytes"] = v.MappedFields * 1024 });
        return o;
    }

    /// <summary>
    /// Per-field entries for the mapped fields (of the types that have such data) matching the patterns;
    /// the node loads no field data, so each holds zero bytes. Over all indices (index null) it is empty.
    /// </summary>
    private static JsonObject FieldEntries(LocalIndex? index, string[] patterns, string sizeKey, Func<string, bool> eligible)
    {
        var entries = new JsonObject();
        if (index == null)
            return entries;
        foreach (var (path, field) in index.Mapping.Fields)
            if (eligible(field.Type) && patterns.Any(p => Wildcard.Matches(p, path)))
                entries[path] = new JsonObject { [sizeKey] = 0 };
        return entries;
    }

    private JsonObject Shards(LocalIndex index, IndexStatsValues values)
    {
        var shards = new JsonObject();
        for (var shard = 0; shard < index.Settings.NumberOfShards; shard++)
        {
            var key = shard.ToString(CultureInfo.InvariantCulture);
            shards[key] = new JsonArray(new JsonObject
            {
                ["routing"] = ShardRouting.StartedPrimary(_engine.Identity.NodeId),
                ["commit"] = new JsonObject
                {
                    ["id"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(index.Uuid + key)),
                    ["generation"] = 1,
                    ["user_data"] = new JsonObject(),
                    ["num_docs"] = index.Settings.NumberOfShards == 1 ? values.Docs : 0,
                },
                ["shard_path"] = new JsonObject { ["state_path"] = "", ["data_path"] = "", ["is_custom_data_path"] = false },
            });
        }
        return shards;
    }

    /// <summary>The numbers one index contributes to its stats.</summary>
    private sealed record IndexStatsValues(long Docs, long Deleted, long SourceBytes, long IndexTotal, long DeleteTotal, long Flushes, long ForceMerges, long Vectors, long MappedFields, long Shards)
    {
        public static IndexStatsValues Of(LocalIndex index)
        {
            if (index.IsClosed)
                return new IndexStatsValues(0, 0, 0, 0, 0, index.Maintenance.FlushTotal, index.Maintenance.ForceMergeTotal, 0, 0, 0);
            var documents = index.Shards.SelectMany(s => s.Snapshot.Documents).ToList();
            var counters = index.Shards.Select(IndexingCounters.For).ToList();
            var vectorFields = index.Mapping.Fields.Values.Count(f => f.Vector != null);
            return new IndexStatsValues(documents.Count, 0, documents.Sum(d => (long)d.StoredSource.Length), counters.Sum(c => c.IndexTotal), counters.Sum(c => c.DeleteTotal),
                index.Maintenance.FlushTotal, index.Maintenance.ForceMergeTotal, vectorFields == 0 ? 0 : documents.Sum(d => (long)(d.Vectors?.Count ?? 0)),
                index.Mapping.Fields.Count, index.Settings.NumberOfShards);
        }

        public static IndexStatsValues Sum(List<IndexStatsValues> all) => new(
            all.Sum(v => v.Docs), all.Sum(v => v.Deleted), all.Sum(v => v.SourceBytes), all.Sum(v => v.IndexTotal), all.Sum(v => v.DeleteTotal),
            all.Sum(v => v.Flushes), all.Sum(v => v.ForceMerges), all.Sum(v => v.Vectors), all.Sum(v => v.MappedFields), all.Sum(v => v.Shards));
    }
}
