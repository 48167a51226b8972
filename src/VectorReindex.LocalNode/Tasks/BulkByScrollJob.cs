using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Cluster;
using VectorReindex.LocalNode.Documents;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Search;

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

    public BulkByScrollJob(LocalNodeEngine engine, BulkByScrollKind kind, RestRequest request, JsonObject body, string? pathIndex)
    {
        _engine = engine;
        _kind = kind;
        if (body["script"] != null)
            throw Errors.IllegalArgument("[script] is not supported by the local node: reindex, update_by_query and delete_by_query run without scripts");
        foreach (var (key, _) in body)
            if (key is not ("source" or "dest" or "conflicts" or "max_docs" or "size" or "query" or "slice" or "script"))
                throw new ElasticsearchException(400, "parsing_exception", $"[{(kind == BulkByScrollKind.Reindex ? "reindex" : "request")}] unknown field [{key}]");
        var conflicts = request.Param("conflicts") ?? body["conflicts"]?.ToString() ?? "abort";
        if (conflicts is not ("abort" or "proceed"))
            throw Errors.IllegalArgument($"conflicts may only be \"proceed\" or \"abort\" but was [{conflicts}]");
        _proceedOnConflict = conflicts == "proceed";
        _maxDocs = request.LongParam("max_docs") ?? (body["max_docs"] ?? body["size"])?.GetValue<long>() ?? long.MaxValue;
        _refresh = request.Flag("refresh", false);
        string? sourceExpression;
        JsonNode? queryNode;
        if (kind == BulkByScrollKind.Reindex)
        {
            var source = body["source"] as JsonObject ?? throw Errors.ActionValidation("source is missing");
            if (source["remote"] != null)
                throw Errors.IllegalArgument("reindex from [remote] is not supported by the local node");
            sourceExpression = source["index"] is JsonArray names ? string.Join(",", names.Select(n => n!.ToString())) : source["index"]?.ToString()
                ?? throw Errors.ActionValidation("source is missing");
            queryNode = source["query"];
            _batchSize = source["size"]?.GetValue<int>() ?? 1000;
            var dest = body["dest"] as JsonObject ?? throw Errors.ActionValidation("destination index is missing");
            _destIndex = dest["index"]?.ToString() ?? throw Errors.ActionValidation("index must be specified");
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
            // As DeleteByQueryRequest.validate: without a query (no body, or {}) nothing says what to delete.
            if (kind == BulkByScrollKind.DeleteByQuery && queryNode == null && request.Param("q") == null)
                throw Errors.ActionValidation("query is missing");
            _batchSize = request.IntParam("scroll_size") ?? 1000;
            if (body["slice"] is JsonObject slice)
                _slice = (slice["id"]!.GetValue<int>(), slice["max"]!.GetValue<int>());
        }
        _query = request.Param("q") is { } qs ? QueryParser.QueryString(qs, request.Param("df")) : QueryParser.Parse(queryNode ?? new JsonObject { ["match_all"] = new JsonObject() });
        var resolved = TargetResolver.Resolve(engine.Cluster, sourceExpression, IndicesOptions.From(request, new IndicesOptions()), request.Param("routing"));
        _sources = ShardTargets.Current(resolved);
        Status = new BulkByScrollStatus { RequestsPerSecond = ParseRequestsPerSecond(request.Param("requests_per_second")) };
    }

    public BulkByScrollStatus Status { get; private set; }

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

    /// <summary>Runs the job, reporting into <paramref name="status"/>; returns the final response and its HTTP status.</summary>
    public async Task<(int Status, JsonObject Response)> RunAsync(BulkByScrollStatus status, CancellationToken cancellation)
    {
        status.RequestsPerSecond = Status.RequestsPerSecond;
        Status = status;
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
            foreach (var (target, doc) in selected.Skip(start).Take(_batchSize))
            {
                try
                {
                    var result = Apply(target, target.Doc(doc));
                    if (result != null)
                        written.Add(result.Value);
                }
                catch (ElasticsearchException ex) when (ex.Type == "version_conflict_engine_exception")
                {
                    status.AddVersionConflict();
                    if (!_proceedOnConflict)
                    {
                        failures.Add(Failure(target, target.Doc(doc).Id, ex));
                        conflictStatus = 409;
                        break;
                    }
                }
            }
            status.AddBatch();
            if (failures.Count > 0)
                break;
            if (status.RequestsPerSecond > 0)
            {
                var wanted = TimeSpan.FromSeconds(Math.Min(_batchSize, selected.Count - start) / status.RequestsPerSecond) - batchWatch.Elapsed;
                if (wanted > TimeSpan.Zero)
                {
                    status.ThrottledMillis += (long)wanted.TotalMilliseconds;
                    try
                    {
                        await Task.Delay(wanted, cancellation).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            }
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
                var parsed = documents.Prepare(dest, doc.Source, doc.Id, routing);
                var version = _destVersionType != VersionType.Internal ? doc.Version : _destCreate ? Versions.MatchDeleted : Versions.MatchAny;
                var result = documents.Write(dest, new WriteOperation(doc.Id, parsed, _destVersionType, version, Routing: routing));
                if (result.Result == "created") status().AddCreated(); else status().AddUpdated();
                return (dest, result);
            }
            case BulkByScrollKind.UpdateByQuery:
            {
                var parsed = documents.Prepare(target.Index, doc.Source, doc.Id, doc.Routing);
                var result = documents.Write(target.Index, new WriteOperation(doc.Id, parsed, IfSeqNo: doc.SeqNo, IfPrimaryTerm: doc.PrimaryTerm, Routing: doc.Routing));
                status().AddUpdated();
                return (target.Index, result);
            }
            default:
            {
                var result = documents.Write(target.Index, new WriteOperation(doc.Id, null, IfSeqNo: doc.SeqNo, IfPrimaryTerm: doc.PrimaryTerm, Routing: doc.Routing));
                status().AddDeleted();
                return (target.Index, result);
            }
        }

        BulkByScrollStatus status() => Status;
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
        using (var w = RestResponse.CreateWriter(buffer))
            write(w);
        return buffer.WrittenSpan.ToArray();
    }
}
