using Stopwatch = System.Diagnostics.Stopwatch;
using System.Text.Json;
using VectorReindex.LocalNode.Engine;
using VectorReindex.LocalNode.Faults;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Handlers;

/// <summary>
/// _bulk: NDJSON action/source pairs executed in order, each item answered exactly as its single-document
/// API would answer, one fsync for the whole request, then the refresh the request asked for.
/// </summary>
internal sealed class BulkHandler
{
    private const string Params = "refresh,routing,timeout,wait_for_active_shards,_source,_source_includes,_source_excludes,pipeline,require_alias,require_data_stream,list_executed_pipelines,include_source_on_error";

    private readonly LocalNodeEngine _engine;

    /// <summary>Bulk requests being executed; parsing ahead in parallel only pays when cores are idle.</summary>
    private int _inFlight;

    public BulkHandler(LocalNodeEngine engine)
    {
        _engine = engine;
    }

    public void Register(RestRouter router)
    {
        router.Add("POST,PUT", "/_bulk", Params, BulkAsync);
        router.Add("POST,PUT", "/{index}/_bulk", Params, BulkAsync);
    }

    private static List<BulkAction> ParseActions(ReadOnlySpan<byte> body)
    {
        var actions = new List<BulkAction>();
        var position = 0;
        var lineNumber = 0;
        BulkAction? awaitingSource = null;
        while (position < body.Length)
        {
            var rest = body[position..];
            var newline = rest.IndexOf((byte)'\n');
            if (newline < 0)
                throw Errors.IllegalArgument("The bulk request must be terminated by a newline [\\n]");
            var line = rest[..newline];
            var lineStart = position;
            position += newline + 1;
            lineNumber++;
            if (awaitingSource != null)
            {
                awaitingSource.SourceOffset = lineStart;
                awaitingSource.SourceLength = line.Length;
                awaitingSource = null;
                continue;
            }
            if (line.Trim(" \t\r"u8).IsEmpty)
                continue;
            var action = BulkAction.Parse(line, lineNumber);
            actions.Add(action);
            if (action.Action != "delete")
                awaitingSource = action;
        }
        if (awaitingSource != null)
            throw Errors.IllegalArgument("The bulk request must be terminated by a newline [\\n]");
        if (actions.Count == 0)
            throw Errors.ActionValidation("no requests added");
        return actions;
    }

    private async Task<RestResponse> BulkAsync(RestRequest request)
    {
        var started = Stopwatch.GetTimestamp();
        var actions = ParseActions(request.Body.Span);
        var defaultIndex = request.PathParam("index");
        var missing = actions.Select((a, i) => (a, i)).Where(x => (x.a.Index ?? defaultIndex) == null).Select(x => $"index is missing").ToArray();
        if (missing.Length > 0)
            throw Errors.ActionValidation(missing);
        var refresh = RefreshPolicies.Parse(request.Param("refresh"));
        var requestRequireAlias = request.Flag("require_alias", false);
        var defaultFilter = SourceFilter.FromParameters(request);
        var defaultRouting = request.Param("routing");

        var outcomes = new BulkItemOutcome[actions.Count];
        var writes = new List<(LocalIndex, WriteResult)>(actions.Count);
        var body = request.Body;
        PreparedDocument?[]? prepared;
        Interlocked.Increment(ref _inFlight);
        try
        {
            prepared = PrepareAhead(actions, defaultIndex, requestRequireAlias, defaultRouting, body);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            var indexName = action.Index ?? defaultIndex!;
            try
            {
                if (_engine.Faults.RejectBulkItem())
                    throw FaultInjector.Rejection("coordinating operation");
                outcomes[i] = Execute(action, indexName, body.Slice(Math.Max(0, action.SourceOffset), action.SourceLength),
                    action.RequireAlias ?? requestRequireAlias, action.Source ?? defaultFilter, action.Routing ?? defaultRouting, prepared?[i]);
                if (outcomes[i].Write is { } write)
                    writes.Add((outcomes[i].Index!, write));
            }
            catch (ElasticsearchException ex)
            {
                outcomes[i] = new BulkItemOutcome(null, indexName, action.Id, null, null, null, ex);
            }
        }
        var forced = await _engine.Documents.CompleteAsync(writes, refresh);
        var tookMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return RestResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("errors", outcomes.Any(o => o.Error != null));
            w.WriteNumber("took", tookMs);
            w.WritePropertyName("items");
            w.WriteStartArray();
            for (var i = 0; i < actions.Count; i++)
                WriteItem(w, actions[i], outcomes[i], forced);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// Parses the index/create sources of a bulk on all cores before the items are applied in request
    /// order, when fewer bulks than cores are being parsed. Only documents with an id, for an index that already exists, whose mapping needs no update;
    /// everything else (and any document whose index mapping changed meanwhile) is parsed at its turn.
    /// </summary>
    private PreparedDocument?[]? PrepareAhead(List<BulkAction> actions, string? defaultIndex, bool requestRequireAlias, string? defaultRouting, ReadOnlyMemory<byte> body)
    {
        if (actions.Count < 16 || Volatile.Read(ref _inFlight) >= Environment.ProcessorCount)
            return null;
        var targets = new DocumentTarget?[actions.Count];
        var any = false;
        var resolved = new Dictionary<(string, string?), DocumentTarget?>();
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            if (action.Action is not ("index" or "create") || action.SourceOffset < 0 || string.IsNullOrEmpty(action.Id))
                continue;
            var name = action.Index ?? defaultIndex!;
            var routing = action.Routing ?? defaultRouting;
            if (!resolved.TryGetValue((name, routing), out var target))
            {
                try { target = _engine.Documents.ResolveForWrite(name, action.RequireAlias ?? requestRequireAlias, routing, autoCreate: false); }
                catch (ElasticsearchException) { target = null; }
                resolved[(name, routing)] = target;
            }
            targets[i] = target;
            any |= target != null;
        }
        if (!any)
            return null;
        var prepared = new PreparedDocument?[actions.Count];
        var base64Vectors = _engine.Cluster.Profile.AcceptsBase64DocumentVectors;
        Parallel.For(0, actions.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            if (targets[i] is { } target)
                prepared[i] = DocumentService.TryPrepareAhead(target.Index, body.Slice(actions[i].SourceOffset, actions[i].SourceLength), actions[i].Id!, target.Routing, base64Vectors);
        });
        return prepared;
    }

    private BulkItemOutcome Execute(BulkAction action, string indexName, ReadOnlyMemory<byte> source, bool requireAlias, SourceFilter? filter, string? routing, PreparedDocument? prepared = null)
    {
        var documents = _engine.Documents;
        switch (action.Action)
        {
            case "delete":
            {
                var conditions = DocumentHandlers.ReadConditions(action.Id ?? "", null, false, action.Version, action.VersionType, action.IfSeqNo, action.IfPrimaryTerm, routing);
                if (string.IsNullOrEmpty(action.Id))
                    throw Errors.ActionValidation("id is missing");
                var (index, resolvedRouting) = documents.ResolveForWrite(indexName, requireAlias, routing, autoCreate: conditions.VersionType != VersionType.Internal);
                var result = documents.Write(index, conditions with { Routing = resolvedRouting });
                return new BulkItemOutcome(index, index.Name, action.Id, result, result.Document, result.Result, null);
            }
            case "update":
            {
                if (string.IsNullOrEmpty(action.Id))
                    throw Errors.ActionValidation("id is missing");
                DocumentService.ValidateId(action.Id);
                var update = UpdateRequest.Parse(source.Span);
                var (index, resolvedRouting) = documents.ResolveForWrite(indexName, requireAlias, routing);
                var ifSeqNo = action.IfSeqNo is { } s ? long.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : WriteOperation.UnassignedSeqNo;
                var ifTerm = action.IfPrimaryTerm is { } t ? long.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : 0;
                var outcome = documents.Update(index, action.Id, update, ifSeqNo, ifTerm, action.RetryOnConflict, resolvedRouting);
                return new BulkItemOutcome(index, index.Name, action.Id, outcome.Write, outcome.Document, outcome.Result, null, filter ?? update.Source);
            }
            default:
            {
                if (action.OpType is not (null or "index" or "create"))
                    throw Errors.IllegalArgument($"opType must be 'create' or 'index', found: [{action.OpType}]");
                DocumentService.ValidateId(action.Id);
                var create = action.Action == "create" || action.OpType == "create";
                var id = action.Id ?? DocumentService.NewId();
                var conditions = DocumentHandlers.ReadConditions(id, null, create, action.Version, action.VersionType, action.IfSeqNo, action.IfPrimaryTerm, routing);
                var (index, resolvedRouting) = documents.ResolveForWrite(indexName, requireAlias, routing);
                var parsed = prepared != null && ReferenceEquals(prepared.Mapping, index.Mapping)
                    ? prepared.Document
                    : documents.Prepare(index, source, id, resolvedRouting);
                var result = documents.Write(index, conditions with { Document = parsed, Routing = resolvedRouting });
                return new BulkItemOutcome(index, index.Name, id, result, result.Document, result.Result, null);
            }
        }
    }

    private static void WriteItem(Utf8JsonWriter w, BulkAction action, BulkItemOutcome outcome, bool forced)
    {
        w.WriteStartObject();
        w.WritePropertyName(action.ItemName);
        w.WriteStartObject();
        if (outcome.Error is { } error)
        {
            w.WriteString("_index", outcome.IndexName);
            if (outcome.Id != null)
                w.WriteString("_id", outcome.Id);
            w.WriteNumber("status", error.Status);
            w.WritePropertyName("error");
            error.WriteCause(w);
        }
        else
        {
            var doc = outcome.Document!;
            DocumentResponses.WriteFields(w, outcome.Index!, doc, outcome.Result!, forced && outcome.Write != null);
            w.WriteNumber("status", outcome.Result switch { "created" => 201, "not_found" => 404, _ => 200 });
            if (action.Action == "update" && outcome.Filter != null)
                DocumentResponses.WriteUpdateGet(w, doc, outcome.Filter);
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private readonly record struct BulkItemOutcome(LocalIndex? Index, string IndexName, string? Id, WriteResult? Write, StoredDocument? Document, string? Result, ElasticsearchException? Error, SourceFilter? Filter = null);
}
