using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Engine;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Metadata;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Handlers;

/// <summary>Single-document APIs: index, create, get, exists, _source, delete, update and _mget.</summary>
internal sealed class DocumentHandlers
{
    private const string WriteParams = "routing,if_seq_no,if_primary_term,version,version_type,op_type,refresh,require_alias,pipeline,timeout,wait_for_active_shards,require_data_stream,include_source_on_error,list_executed_pipelines";
    private const string GetParams = "realtime,refresh,routing,preference,stored_fields,_source,_source_includes,_source_excludes,version,version_type";

    private readonly LocalNodeEngine _engine;

    public DocumentHandlers(LocalNodeEngine engine)
    {
        _engine = engine;
    }

    /// <summary>_source_exclude_vectors, where the presented version has it (9.2+).</summary>
    private string VectorParams => _engine.Profile.HasExcludeVectorsParameter ? ",_source_exclude_vectors" : "";

    public void Register(RestRouter router)
    {
        router.Add("PUT,POST", "/{index}/_doc/{id}", WriteParams, r => IndexAsync(r, r.PathParam("id"), create: false));
        router.Add("POST", "/{index}/_doc", WriteParams, r => IndexAsync(r, null, create: false));
        router.Add("PUT,POST", "/{index}/_create/{id}", WriteParams, r => IndexAsync(r, r.PathParam("id"), create: true));
        router.Add("GET,HEAD", "/{index}/_doc/{id}", GetParams + VectorParams, Get);
        router.Add("GET,HEAD", "/{index}/_source/{id}", GetParams + VectorParams, GetSource);
        router.Add("DELETE", "/{index}/_doc/{id}", "routing,refresh,version,version_type,if_seq_no,if_primary_term,timeout,wait_for_active_shards", DeleteAsync);
        router.Add("POST", "/{index}/_update/{id}", "routing,refresh,retry_on_conflict,if_seq_no,if_primary_term,_source,_source_includes,_source_excludes,lang,require_alias,timeout,wait_for_active_shards,include_source_on_error", UpdateAsync);
        router.Add("GET,POST", "/_mget", "stored_fields,preference,realtime,refresh,routing,_source,_source_includes,_source_excludes" + VectorParams, MultiGet);
        router.Add("GET,POST", "/{index}/_mget", "stored_fields,preference,realtime,refresh,routing,_source,_source_includes,_source_excludes" + VectorParams, MultiGet);
    }

    /// <summary>The versioning conditions of a write, validated as IndexRequest/DeleteRequest.validate do.</summary>
    public static WriteOperation ReadConditions(string id, ParsedDocument? doc, bool create, string? versionText, string? versionTypeText, string? ifSeqNoText, string? ifTermText, string? routing)
    {
        var versionType = Versions.Parse(versionTypeText);
        long version = versionText == null ? Versions.MatchAny : ParseLong(versionText, "version");
        var ifSeqNo = ifSeqNoText == null ? WriteOperation.UnassignedSeqNo : ParseLong(ifSeqNoText, "if_seq_no");
        var ifTerm = ifTermText == null ? 0 : ParseLong(ifTermText, "if_primary_term");
        var problems = new List<string>();
        if (create && versionType != VersionType.Internal)
            problems.Add("create operations only support internal versioning. use index instead");
        if (versionType == VersionType.Internal && version != Versions.MatchAny)
            problems.Add("internal versioning can not be used for optimistic concurrency control. Please use `if_seq_no` and `if_primary_term` instead");
        if (versionType != VersionType.Internal && version == Versions.MatchAny)
            problems.Add($"illegal version value [{version}] for version type [{versionType.ToString().ToUpperInvariant()}]");
        if (versionType != VersionType.Internal && version < 0 && version != Versions.MatchAny)
            problems.Add($"illegal version value [{version}] for version type [{(versionType == VersionType.External ? "EXTERNAL" : "EXTERNAL_GTE")}]");
        if (ifSeqNo != WriteOperation.UnassignedSeqNo && (version != Versions.MatchAny || versionType != VersionType.Internal))
            problems.Add("compare and write operations can not use versioning");
        if (ifSeqNo != WriteOperation.UnassignedSeqNo && ifSeqNo < 0)
            problems.Add($"sequence number must be non negative. got [{ifSeqNo}].");
        if (ifSeqNo == WriteOperation.UnassignedSeqNo && ifTermText != null && ifTerm != 0)
            problems.Add($"ifSeqNo is unassigned, but primary term is [{ifTerm}]");
        if (ifSeqNo != WriteOperation.UnassignedSeqNo && ifTerm <= 0)
            problems.Add($"ifSeqNo is set, but primary term is [{ifTerm}]");
        if (problems.Count > 0)
            throw Errors.ActionValidation(problems.ToArray());
        if (create)
            version = Versions.MatchDeleted;
        return new WriteOperation(id, doc, versionType, version, ifSeqNo, ifTerm, routing);
    }

    private static long ParseLong(string text, string name)
        => long.TryParse(text, out var value) ? value : throw Errors.IllegalArgument($"Failed to parse long parameter [{name}] with value [{text}]");

    private async Task<RestResponse> IndexAsync(RestRequest request, string? id, bool create)
    {
        var opType = request.Param("op_type");
        if (opType is not (null or "index" or "create"))
            throw Errors.IllegalArgument($"opType must be 'create' or 'index', found: [{opType}]");
        create |= opType == "create";
        DocumentService.ValidateId(id);
        if (!request.HasBody)
            throw Errors.ActionValidation("source is missing", "content type is missing");
        var refresh = RefreshPolicies.Parse(request.Param("refresh"));
        var (index, routing) = _engine.Documents.ResolveForWrite(request.PathParam("index")!, request.Flag("require_alias", false), request.Param("routing"));
        var docId = id ?? DocumentService.NewId();
        var conditions = ReadConditions(docId, null, create, request.Param("version"), request.Param("version_type"), request.Param("if_seq_no"), request.Param("if_primary_term"), routing);
        var parsed = _engine.Documents.Prepare(index, request.Body, docId, routing);
        var result = _engine.Documents.Write(index, conditions with { Document = parsed });
        var forced = await _engine.Documents.CompleteAsync(new[] { (index, result) }, refresh);
        var response = RestResponse.Json(result.Status, w =>
        {
            w.WriteStartObject();
            DocumentResponses.WriteFields(w, index, result.Document, result.Result, forced);
            w.WriteEndObject();
        });
        if (result.Status == 201)
            response.Headers = new() { ["Location"] = $"/{Uri.EscapeDataString(index.Name)}/_doc/{Uri.EscapeDataString(docId)}" };
        return response;
    }

    /// <summary>
    /// The single index a read of one document targets (an alias must point to exactly one) and the
    /// routing it reads with (the alias's index_routing when it has one).
    /// </summary>
    public static DocumentTarget ResolveSingle(LocalCluster cluster, string name, string? routing)
    {
        name = DateMathName.Resolve(name, DateTimeOffset.UtcNow);
        var index = cluster.Get(name);
        if (index == null)
        {
            var targets = cluster.AliasTargets(name).ToList();
            if (targets.Count == 0)
                throw Errors.IndexNotFound(name);
            if (targets.Count > 1)
                throw Errors.IllegalArgument($"alias [{name}] has more than one index associated with it [{string.Join(", ", targets.Select(t => t.Index.Name))}], can't execute a single index op");
            targets[0].Index.EnsureOpen();
            return new DocumentTarget(targets[0].Index, AliasRouting.ForDocument(name, targets[0].Alias, routing));
        }
        index.EnsureOpen();
        return new DocumentTarget(index, routing);
    }

    /// <summary>The document on the shard the id and routing select: real-time, or as search sees it with realtime=false.</summary>
    private static StoredDocument? Read(DocumentTarget target, string id, bool realtime, bool refresh)
    {
        var shard = target.Index.ShardFor(id, target.Routing);
        if (refresh)
            shard.Refresh();
        return realtime ? shard.Get(id) : shard.Snapshot.Find(id);
    }

    private StoredDocument? Lookup(RestRequest request, DocumentTarget target, string id)
    {
        var index = target.Index;
        var doc = Read(target, id, request.Flag("realtime", true), request.Flag("refresh", false));
        if (request.Param("version") is { } versionText)
        {
            var versionType = Versions.Parse(request.Param("version_type"));
            var expected = ParseLong(versionText, "version");
            var current = doc?.Version ?? Versions.NotFound;
            if (doc != null && Versions.IsConflictForReads(versionType, current, expected))
                throw VersionConflict.Create(index.Name, index.Uuid, index.Routing.PlacementOf(id, target.Routing), id, Versions.ExplainConflictForReads(current, expected));
        }
        return doc;
    }

    private RestResponse Get(RestRequest request)
    {
        var target = ResolveSingle(_engine.Cluster, request.PathParam("index")!, request.Param("routing"));
        var index = target.Index;
        var id = request.PathParam("id")!;
        var doc = Lookup(request, target, id);
        var filter = SourceFilter.FromParameters(request) ?? SourceFilter.All;
        var storedFields = request.ListParam("stored_fields");
        return RestResponse.Json(doc == null ? 404 : 200, w => WriteGetResult(w, index, id, doc, filter, storedFields));
    }

    /// <summary>One get result, as GET _doc and each _mget entry show it.</summary>
    public static void WriteGetResult(Utf8JsonWriter w, LocalIndex index, string id, StoredDocument? doc, SourceFilter filter, string[]? storedFields)
    {
        w.WriteStartObject();
        w.WriteString("_index", index.Name);
        w.WriteString("_id", id);
        if (doc == null)
        {
            w.WriteBoolean("found", false);
            w.WriteEndObject();
            return;
        }
        w.WriteNumber("_version", doc.Version);
        w.WriteNumber("_seq_no", doc.SeqNo);
        w.WriteNumber("_primary_term", doc.PrimaryTerm);
        if (doc.Routing != null)
            w.WriteString("_routing", doc.Routing);
        w.WriteBoolean("found", true);
        var fetchSource = filter.Fetch && (storedFields == null || filter != SourceFilter.All || storedFields.Length == 0);
        if (storedFields != null && filter == SourceFilter.All)
            fetchSource = false;
        if (fetchSource && !doc.IsDeleted)
        {
            w.WritePropertyName("_source");
            filter.WriteSource(w, doc, index);
        }
        if (storedFields != null)
            WriteStoredFields(w, index, doc, storedFields);
        w.WriteEndObject();
    }

    private static void WriteStoredFields(Utf8JsonWriter w, LocalIndex index, StoredDocument doc, string[] names)
    {
        var source = JsonNode.Parse(doc.FullSource().Span) as JsonObject;
        var fields = new JsonObject();
        foreach (var name in names)
        {
            if (!index.Mapping.Fields.TryGetValue(name, out var field) || !field.Store)
                continue;
            JsonNode? value = source;
            foreach (var part in name.Split('.'))
                value = value is JsonObject o ? o[part] : null;
            if (value != null)
                fields[name] = value is JsonArray array ? array.DeepClone() : new JsonArray(value.DeepClone());
        }
        if (fields.Count > 0)
        {
            w.WritePropertyName("fields");
            fields.WriteTo(w);
        }
    }

    private RestResponse GetSource(RestRequest request)
    {
        var target = ResolveSingle(_engine.Cluster, request.PathParam("index")!, request.Param("routing"));
        var index = target.Index;
        var id = request.PathParam("id")!;
        var doc = Lookup(request, target, id);
        if (doc == null)
            throw new ElasticsearchException(404, "resource_not_found_exception", $"Document not found [{index.Name}]/[{id}]");
        var filter = SourceFilter.FromParameters(request) ?? SourceFilter.All;
        return RestResponse.Ok(w => filter.WriteSource(w, doc, index));
    }

    private async Task<RestResponse> DeleteAsync(RestRequest request)
    {
        var id = request.PathParam("id")!;
        var refresh = RefreshPolicies.Parse(request.Param("refresh"));
        var conditions = ReadConditions(id, null, false, request.Param("version"), request.Param("version_type"), request.Param("if_seq_no"), request.Param("if_primary_term"), request.Param("routing"));
        var (index, routing) = _engine.Documents.ResolveForWrite(request.PathParam("index")!, false, conditions.Routing, autoCreate: conditions.VersionType != VersionType.Internal);
        var result = _engine.Documents.Write(index, conditions with { Routing = routing });
        var forced = await _engine.Documents.CompleteAsync(new[] { (index, result) }, refresh);
        return RestResponse.Json(result.Status, w =>
        {
            w.WriteStartObject();
            DocumentResponses.WriteFields(w, index, result.Document, result.Result, forced);
            w.WriteEndObject();
        });
    }

    private async Task<RestResponse> UpdateAsync(RestRequest request)
    {
        var id = request.PathParam("id")!;
        DocumentService.ValidateId(id);
        var refresh = RefreshPolicies.Parse(request.Param("refresh"));
        var update = UpdateRequest.Parse(request.Body.Span);
        var filter = SourceFilter.FromParameters(request) ?? update.Source;
        var ifSeqNo = request.Param("if_seq_no") is { } s ? ParseLong(s, "if_seq_no") : WriteOperation.UnassignedSeqNo;
        var ifTerm = request.Param("if_primary_term") is { } t ? ParseLong(t, "if_primary_term") : 0;
        var (index, routing) = _engine.Documents.ResolveForWrite(request.PathParam("index")!, request.Flag("require_alias", false), request.Param("routing"));
        var outcome = _engine.Documents.Update(index, id, update, ifSeqNo, ifTerm, request.IntParam("retry_on_conflict") ?? 0, routing);
        var forced = outcome.Write is { } write && await _engine.Documents.CompleteAsync(new[] { (index, write) }, refresh);
        return RestResponse.Json(outcome.Result == "created" ? 201 : 200, w =>
        {
            w.WriteStartObject();
            DocumentResponses.WriteFields(w, index, outcome.Document, outcome.Result, forced);
            if (filter != null)
                DocumentResponses.WriteUpdateGet(w, outcome.Document, filter);
            w.WriteEndObject();
        });
    }

    private RestResponse MultiGet(RestRequest request)
    {
        var body = RequestBody.ParseObjectOrNull(request) ?? new JsonObject();
        var defaultIndex = request.PathParam("index");
        var defaultFilter = SourceFilter.FromParameters(request);
        var defaultStored = request.ListParam("stored_fields");
        var defaultRouting = request.Param("routing");
        var items = new List<(string? Index, string Id, string? Routing, SourceFilter Filter, string[]? Stored)>();
        if (body["docs"] is JsonArray docs)
        {
            foreach (var node in docs.OfType<JsonObject>())
            {
                var filter = node.ContainsKey("_source") ? SourceFilter.FromJson(node["_source"]).CheckedFor(_engine.Profile) : defaultFilter ?? SourceFilter.All;
                var stored = node["stored_fields"] is JsonArray sf ? sf.Select(x => x!.ToString()).ToArray() : defaultStored;
                var routing = (node["routing"] ?? node["_routing"])?.ToString() ?? defaultRouting;
                items.Add((node["_index"]?.ToString() ?? defaultIndex, node["_id"]?.ToString() ?? "", routing, filter, stored));
            }
        }
        else if (body["ids"] is JsonArray ids)
        {
            if (defaultIndex == null)
                throw Errors.ActionValidation("index is missing for doc 0");
            foreach (var id in ids)
                items.Add((defaultIndex, id!.ToString(), defaultRouting, defaultFilter ?? SourceFilter.All, defaultStored));
        }
        else if (body.Count > 0 && !body.ContainsKey("docs") && !body.ContainsKey("ids"))
        {
            throw Errors.ParseError($"[1:2] unknown field [{body.First().Key}]");
        }
        if (items.Count == 0)
            throw Errors.ActionValidation("no documents to get");
        var problems = items.Select((item, i) => (item, i)).Where(x => x.item.Index == null).Select(x => $"index is missing for doc {x.i}").ToArray();
        if (problems.Length > 0)
            throw Errors.ActionValidation(problems);
        var realtime = request.Flag("realtime", true);
        var refresh = request.Flag("refresh", false);
        return RestResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("docs");
            w.WriteStartArray();
            foreach (var (indexName, id, routing, filter, stored) in items)
            {
                DocumentTarget target;
                StoredDocument? doc;
                try
                {
                    target = ResolveSingle(_engine.Cluster, indexName!, routing);
                    doc = Read(target, id, realtime, refresh);
                }
                catch (ElasticsearchException ex)
                {
                    w.WriteStartObject();
                    w.WriteString("_index", indexName);
                    w.WriteString("_id", id);
                    w.WritePropertyName("error");
                    ex.WriteError(w);
                    w.WriteEndObject();
                    continue;
                }
                WriteGetResult(w, target.Index, id, doc, filter, stored);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
