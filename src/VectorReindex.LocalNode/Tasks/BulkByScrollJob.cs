using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Engine;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Metadata;
using VectorReindex.LocalNode.Search;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Tasks;

/// <summary>What a by-scroll job does with each selected document.</summary>
internal enum BulkByScrollKind
{
    Reindex,
    UpdateByQuery,
    DeleteByQuery,
}

/// <summary>
/// Reindex, update_by_query and delete_by_query: reads the source as of the start (a refresh snapshot,
/// like Elasticsearch's scroll), writes in batches with the versioning the request asks for, counts
/// conflicts (aborting or proceeding), throttles to requests_per_second and honours cancellation.
/// </summary>
internal sealed class BulkByScrollJob
{
    private readonly LocalNodeEngine _engine;
    private readonly BulkByScrollKind _kind;
    private readonly List<SearchTarget> _sources;
    private readonly Query _query;
    private readonly int _batchSize;
    private readonly long _maxDocs;
    private readonly bool _proceedOnConflict;
    private readonly string? _destIndex;
    private readonly VersionType _destVersionType;
    private readonly bool _destCreate;
    private readonly bool _refresh;
    private readonly (int Id, int Max)? _slice;

    public BulkByScrollJob(LocalNodeEngine engine, BulkByScrollKind kind, IRequestParameters request, JsonObject body, string? pathIndex)
    {
        _engine = engine;
        _kind = kind;
        if (kind == BulkByScrollKind.Reindex)
            BulkByScrollValidation.CheckReindexFields(body);
        else
            foreach (var (key, _) in body)
                if (key is not ("conflicts" or "max_docs" or "size" or "query" or "slice" or "script" or "sort" or "_source" or "from" or "stored_fields"))
                    throw new ElasticsearchException(400, "parsing_exception", $"[request] unknown field [{key}]");
        var conflicts = request.Param("conflicts") ?? body["conflicts"]?.ToString() ?? "abort";
        if (conflicts is not ("abort" or "proceed"))
            throw Errors.IllegalArgument($"conflicts may only be \"proceed\" or \"abort\" but was [{conflicts}]");
        _proceedOnConflict = conflicts == "proceed";
        var slices = BulkByScrollValidation.ParseSlices(request.Param("slices"));
        var maxDocs = BulkByScrollValidation.MaxDocs(body, request);
        var requestsPerSecond = ParseRequestsPerSecond(request.Param("requests_per_second"));
        BulkByScrollValidation.Validate(kind, body, pathIndex, slices, maxDocs, request.Param("q") != null);
        if (body["script"] != null)
            throw Errors.IllegalArgument("[script] is not supported by the local node: reindex, update_by_query and delete_by_query run without scripts");
        _maxDocs = maxDocs < 0 ? long.MaxValue : maxDocs;
        _refresh = request.Flag("refresh", false);
        string? sourceExpression;
        JsonNode? queryNode;
        if (kind == BulkByScrollKind.Reindex)
        {
            var source = (JsonObject)body["source"]!;
            if (source["remote"] != null)
                throw Errors.IllegalArgument("reindex from [remote] is not supported by the local node");
            sourceExpression = source["index"] is JsonArray names ? string.Join(",", names.Select(n => n!.ToString())) : source["index"]!.ToString();
            queryNode = source["query"];
            _batchSize = source["size"] is { } size ? int.Parse(size.ToString(), System.Globalization.CultureInfo.InvariantCulture) : 1000;
            var dest = (JsonObject)body["dest"]!;
            _destIndex = dest["index"]!.ToString();
            if (dest["pipeline"] != null)
                throw Errors.IllegalArgument("[pipeline] is not supported by the local node");
            _destVersionType = Versions.Parse(dest["version_type"]?.ToString());
            _destCreate = dest["op_type"]?.ToString() == "create";
            if (source["slice"] is JsonObject slice)
                _slice = (slice["id"]!.GetValue<int>(), slice["max"]!.GetValue<int>());
        }
        else
        {
            sourceExpression = pathIndex;
            queryNode = body["query"];
            _batchSize = request.IntParam("scroll_size") ?? 1000;
            if (body["slice"] is JsonObject slice)
                _slice = (slice["id"]!.GetValue<int>(), slice["max"]!.GetValue<int>());
        }
        _query = request.Param("q") is { } qs ? QueryParser.QueryString(qs, request.Param("df")) : QueryParser.Parse(queryNode ?? new JsonObject { ["match_all"] = new JsonObject() });
        var resolved = TargetResolver.Resolve(engine.Cluster, sourceExpression, IndicesOptions.From(request, new IndicesOptions()), request.Param("routing"));
        _sources = ShardTargets.Current(resolved);
        // slices=auto: one slice per shard of the source, the smallest index deciding, as Elasticsearch resolves it.
        _slices = slices ?? Math.Max(1, _sources.Count == 0 ? 1 : _sources.Min(s => s.Index.Settings.NumberOfShards));
        Status = new BulkByScrollStatus(requestsPerSecond);
    }

    private readonly int _slices;
    private BulkByScrollStatus? _currentSlice;

    public BulkByScrollStatus Status { get; }

    public static float ParseRequestsPerSecond(string? text)
    {
        if (text == null || text == "-1")
            return -1;
        if (!float.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var rps) || rps <= 0)
            throw Errors.IllegalArgument($"[requests_per_second] must be a float greater than 0. Use -1 to disable throttling.");
        return rps;
    }

    public string Description => _kind switch
    {
        BulkByScrollKind.Reindex => $"reindex from [{string.Join(", ", _sources.Select(s => s.Index.Name))}] to [{_destIndex}]",
        BulkByScrollKind.UpdateByQuery => $"update-by-query [{string.Join(", ", _sources.Select(s => s.Index.Name))}]",
        _ => $"delete-by-query [{string.Join(", ", _sources.Select(s => s.Index.Name))}]",
    };

    public string Action => _kind switch
    {
        BulkByScrollKind.Reindex => "indices:data/write/reindex",
        BulkByScrollKind.UpdateByQuery => "indices:data/write/update/byquery",
        _ => "indices:data/write/delete/byquery",
    };

    /// <summary>Runs the job, reporting into <see cref="Status"/> (which a task shows and a rethrottle changes); returns the final response and its HTTP status.</summary>
    public async Task<(int Status, JsonObject Response)> RunAsync(CancellationToken cancellation)
    {
        var status = Status;
        if (_slices > 1)
            status.Slices = Enumerable.Range(0, _slices).Select(_ => new BulkByScrollStatus()).ToArray();
        var watch = Stopwatch.StartNew();
        var selected = new List<(SearchTarget Target, int Doc)>();
        foreach (var target in _sources)
        {
            _query.Prepare(target);
            target.AliasFilter?.Prepare(target);
            for (var doc = 0; doc < target.Count && selected.Count < _maxDocs; doc++)
            {
                if (_slice is { } slice && !SliceFilter.Admits(target, doc, slice))
                    continue;
                if (target.AliasFilter != null && !target.AliasFilter.Matches(target, doc, out _))
                    continue;
                if (_query.Matches(target, doc, out _))
                    selected.Add((target, doc));
            }
        }
        status.Total = selected.Count;
        var sliceOf = selected.Select(s => SliceOf(s.Target, s.Doc)).ToArray();
        if (status.Slices is { } sliceStatuses)
            for (var i = 0; i < sliceStatuses.Length; i++)
                sliceStatuses[i].Total = sliceOf.Count(s => s == i);
        var failures = new JsonArray();
        var written = new List<(LocalIndex, WriteResult)>();
        var conflictStatus = 200;
        for (var start = 0; start < selected.Count; start += _batchSize)
        {
            if (cancellation.IsCancellationRequested)
            {
                status.ReasonCancelled = "by user request";
                break;
            }
            var batchWatch = Stopwatch.StartNew();
            var batchEnd = Math.Min(selected.Count, start + _batchSize);
            for (var i = start; i < batchEnd; i++)
            {
                var (target, doc) = selected[i];
                _currentSlice = status.Slices?[sliceOf[i]];
                try
                {
                    var result = Apply(target, target.Doc(doc));
                    if (result != null)
                        written.Add(result.Value);
                }
                catch (ElasticsearchException ex) when (ex.Type == "version_conflict_engine_exception")
                {
                    status.AddVersionConflict();
                    _currentSlice?.AddVersionConflict();
                    if (!_proceedOnConflict)
                    {
                        failures.Add(Failure(target, target.Doc(doc).Id, ex));
                        conflictStatus = 409;
                        break;
                    }
                }
            }
            status.AddBatch();
            if (status.Slices is { } slicesInBatch)
                foreach (var slice in sliceOf[start..batchEnd].Distinct())
                    slicesInBatch[slice].AddBatch();
            if (failures.Count > 0)
                break;
            await status.ThrottleAsync(Math.Min(_batchSize, selected.Count - start), batchWatch, cancellation).ConfigureAwait(false);
        }
        if (written.Count > 0)
            await _engine.Documents.CompleteAsync(written, _refresh ? RefreshPolicy.Immediate : RefreshPolicy.None).ConfigureAwait(false);
        else if (_refresh)
            foreach (var target in _sources)
                target.Index.Shards[target.ShardId].Refresh();
        var response = JsonNode.Parse(Serialize(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("took", watch.ElapsedMilliseconds);
            w.WriteBoolean("timed_out", false);
            status.WriteCounters(w);
            w.WriteEndObject();
        }))!.AsObject();
        response["failures"] = failures;
        return (conflictStatus, response);
    }

    private (LocalIndex, WriteResult)? Apply(SearchTarget target, StoredDocument doc)
    {
        var documents = _engine.Documents;
        switch (_kind)
        {
            case BulkByScrollKind.Reindex:
            {
                var (dest, routing) = documents.ResolveForWrite(_destIndex!, requireAlias: false, doc.Routing);
                var parsed = documents.Prepare(dest, doc.FullSource(), doc.Id, routing);
                var version = _destVersionType != VersionType.Internal ? doc.Version : _destCreate ? Versions.MatchDeleted : Versions.MatchAny;
                var result = documents.Write(dest, new WriteOperation(doc.Id, parsed, _destVersionType, version, Routing: routing));
                if (result.Result == "created") Count(s => s.AddCreated()); else Count(s => s.AddUpdated());
                return (dest, result);
            }
            case BulkByScrollKind.UpdateByQuery:
            {
                var parsed = documents.Prepare(target.Index, doc.FullSource(), doc.Id, doc.Routing);
                var result = documents.Write(target.Index, new WriteOperation(doc.Id, parsed, IfSeqNo: doc.SeqNo, IfPrimaryTerm: doc.PrimaryTerm, Routing: doc.Routing));
                Count(s => s.AddUpdated());
                return (target.Index, result);
            }
            default:
            {
                var result = documents.Write(target.Index, new WriteOperation(doc.Id, null, IfSeqNo: doc.SeqNo, IfPrimaryTerm: doc.PrimaryTerm, Routing: doc.Routing));
                Count(s => s.AddDeleted());
                return (target.Index, result);
            }
        }

        void Count(Action<BulkByScrollStatus> add)
        {
            add(Status);
            if (_currentSlice != null)
                add(_currentSlice);
        }
    }

    /// <summary>The slice a selected document belongs to (0 when the job is not sliced).</summary>
    private int SliceOf(SearchTarget target, int doc)
    {
        for (var slice = 0; slice < _slices - 1; slice++)
            if (SliceFilter.Admits(target, doc, (slice, _slices)))
                return slice;
        return _slices - 1;
    }

    private JsonObject Failure(SearchTarget target, string id, ElasticsearchException ex)
    {
        var cause = JsonNode.Parse(Serialize(ex.WriteCause))!.AsObject();
        return new JsonObject
        {
            ["index"] = _kind == BulkByScrollKind.Reindex ? _destIndex : target.Index.Name,
            ["id"] = id,
            ["cause"] = cause,
            ["status"] = ex.Status,
        };
    }

    private static byte[] Serialize(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = JsonOutput.CreateWriter(buffer))
            write(w);
        return buffer.WrittenSpan.ToArray();
    }
}
