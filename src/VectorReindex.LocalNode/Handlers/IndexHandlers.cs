using System.Collections.Immutable;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Engine;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Mapping;
using VectorReindex.LocalNode.Metadata;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Handlers;

/// <summary>Index APIs: create, get, exists, delete, get/put mapping, get/put settings and refresh.</summary>
internal sealed class IndexHandlers
{
    private const string ResolveParams = "ignore_unavailable,allow_no_indices,expand_wildcards";
    private readonly LocalNodeEngine _engine;

    public IndexHandlers(LocalNodeEngine engine)
    {
        _engine = engine;
    }

    private LocalCluster Cluster => _engine.Cluster;

    public void Register(RestRouter router)
    {
        router.Add("PUT", "/{index}", "wait_for_active_shards,timeout,master_timeout", CreateAsync);
        router.Add("GET", "/{index}", ResolveParams + ",flat_settings,include_defaults,local,master_timeout,features", Get);
        router.Add("HEAD", "/{index}", ResolveParams + ",flat_settings,include_defaults,local,master_timeout", Exists);
        router.Add("DELETE", "/{index}", ResolveParams + ",timeout,master_timeout", Delete);
        router.Add("GET", "/_mapping", ResolveParams + ",local,master_timeout", GetMapping);
        router.Add("GET", "/{index}/_mapping", ResolveParams + ",local,master_timeout", GetMapping);
        router.Add("PUT,POST", "/{index}/_mapping", ResolveParams + ",timeout,master_timeout,write_index_only", PutMapping);
        router.Add("GET", "/_settings", ResolveParams + ",flat_settings,include_defaults,local,master_timeout", GetSettings);
        router.Add("GET", "/{index}/_settings", ResolveParams + ",flat_settings,include_defaults,local,master_timeout", GetSettings);
        router.Add("GET", "/{index}/_settings/{name}", ResolveParams + ",flat_settings,include_defaults,local,master_timeout", GetSettings);
        router.Add("GET", "/_settings/{name}", ResolveParams + ",flat_settings,include_defaults,local,master_timeout", GetSettings);
        router.Add("PUT", "/_settings", ResolveParams + ",flat_settings,preserve_existing,reopen,timeout,master_timeout", PutSettings);
        router.Add("PUT", "/{index}/_settings", ResolveParams + ",flat_settings,preserve_existing,reopen,timeout,master_timeout", PutSettings);
        router.Add("POST,GET", "/_refresh", ResolveParams, Refresh);
        router.Add("POST,GET", "/{index}/_refresh", ResolveParams, Refresh);
    }

    private async Task<RestResponse> CreateAsync(RestRequest request)
    {
        var waitFor = ActiveShardCount.From(request);
        var body = RequestBody.ParseObjectOrNull(request);
        if (body?["mappings"] is JsonValue)
            throw Mapping.MappingErrors.Parsing("Expected map for property [mappings] but got a class java.lang.String");
        var index = Cluster.CreateIndex(request.PathParam("index")!, body);
        var shardsAcknowledged = await waitFor.WaitAsync(new[] { index.Settings }, request).ConfigureAwait(false);
        return RestResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("acknowledged", true);
            w.WriteBoolean("shards_acknowledged", shardsAcknowledged);
            w.WriteString("index", index.Name);
            w.WriteEndObject();
        });
    }

    private List<LocalIndex> Resolve(RestRequest request, IndicesOptions? defaults = null)
        => Cluster.Resolve(request.PathParam("index"), IndicesOptions.From(request, defaults ?? new IndicesOptions()));

    private static readonly string[] IndexFeatures = { "aliases", "mappings", "settings" };

    private RestResponse Get(RestRequest request)
    {
        var features = request.ListParam("features") ?? IndexFeatures;
        foreach (var feature in features)
            if (!IndexFeatures.Contains(feature))
                throw Errors.IllegalArgument($"No feature named [{feature}], valid features are [{string.Join(", ", IndexFeatures)}]");
        var indices = Resolve(request, IndicesOptions.OpenAllowClosed);
        var flat = request.Flag("flat_settings", false);
        var human = request.Flag("human", false);
        var result = new JsonObject();
        foreach (var index in indices)
        {
            var aliases = new JsonObject();
            if (features.Contains("aliases"))
                foreach (var (name, alias) in index.Aliases)
                    aliases[name] = alias.ToJson();
            var settings = new SortedDictionary<string, string>(index.Settings.Values, StringComparer.Ordinal);
            if (human)
            {
                settings["index.creation_date_string"] = DateTimeOffset.FromUnixTimeMilliseconds(index.CreationDate).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
                settings["index.version.created_string"] = _engine.Profile.Version.ToString();
            }
            result[index.Name] = new JsonObject
            {
                ["aliases"] = aliases,
                ["mappings"] = features.Contains("mappings") ? index.Mapping.Source.DeepClone() : new JsonObject(),
                ["settings"] = features.Contains("settings") ? IndexSettings.ToJson(settings, flat) : new JsonObject(),
            };
        }
        return RestResponse.Ok(result);
    }

    private RestResponse Exists(RestRequest request)
    {
        try
        {
            var indices = Resolve(request, IndicesOptions.OpenAllowClosed with { AllowNoIndices = false });
            return RestResponse.Empty(indices.Count > 0 ? 200 : 404);
        }
        catch (ElasticsearchException ex) when (ex.Status == 404)
        {
            return RestResponse.Empty(404);
        }
    }

    private RestResponse Delete(RestRequest request)
    {
        var expression = request.PathParam("index")!;
        var parts = expression.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (Cluster.DestructiveRequiresName && parts.Any(p => p is "_all" || Wildcard.IsPattern(p)))
            throw Errors.IllegalArgument("Wildcard expressions or all indices are not allowed");
        var options = IndicesOptions.From(request, IndicesOptions.OpenAndClosed with { AllowAliases = false });
        var indices = Cluster.Resolve(expression, options);
        lock (Cluster.MetadataLock)
        {
            var map = (ImmutableSortedDictionary<string, LocalIndex>)Cluster.Indices;
            foreach (var index in indices)
                map = map.Remove(index.Name);
            Cluster.Publish(map);
        }
        return RestResponse.Acknowledged();
    }

    private RestResponse GetMapping(RestRequest request)
    {
        var indices = Resolve(request, IndicesOptions.OpenAllowClosed);
        var result = new JsonObject();
        foreach (var index in indices)
            result[index.Name] = new JsonObject { ["mappings"] = index.Mapping.Source.DeepClone() };
        return RestResponse.Ok(result);
    }

    private RestResponse PutMapping(RestRequest request)
    {
        var body = RequestBody.ParseObject(request);
        var indices = Resolve(request, IndicesOptions.OpenAndClosed);
        if (request.Flag("write_index_only", false))
            indices = indices.Where(i => i.Aliases.Values.Any(a => a.IsWriteIndex == true) || Cluster.Get(request.PathParam("index")!) == i).ToList();
        lock (Cluster.MetadataLock)
        {
            var updated = indices.Select(i => (Index: i, Mapping: i.Mapping.Merge(body, _engine.Profile))).ToList();
            foreach (var (index, mapping) in updated)
                index.Mapping = mapping;
            Cluster.Publish((ImmutableSortedDictionary<string, LocalIndex>)Cluster.Indices);
        }
        return RestResponse.Acknowledged();
    }

    private RestResponse GetSettings(RestRequest request)
    {
        var indices = Resolve(request, IndicesOptions.OpenAndClosed);
        var flat = request.Flag("flat_settings", false);
        var names = request.PathParam("name")?.Split(',');
        if (names != null && names.Contains("_all"))
            names = null;
        var includeDefaults = request.Flag("include_defaults", false);
        var result = new JsonObject();
        foreach (var index in indices)
        {
            var values = index.Settings.Values.Where(p => names == null || names.Any(n => Wildcard.Matches(n, p.Key) || Wildcard.Matches("index." + n, p.Key)));
            var entry = new JsonObject { ["settings"] = IndexSettings.ToJson(values, flat) };
            if (includeDefaults)
            {
                var defaults = new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    ["index.refresh_interval"] = "1s",
                    ["index.gc_deletes"] = "60s",
                    ["index.max_result_window"] = "10000",
                };
                entry["defaults"] = IndexSettings.ToJson(defaults.Where(p => !index.Settings.Values.ContainsKey(p.Key)), flat);
            }
            result[index.Name] = entry;
        }
        return RestResponse.Ok(result);
    }

    private RestResponse PutSettings(RestRequest request)
    {
        var body = RequestBody.ParseObject(request);
        var settingsNode = body.Count == 1 && body["settings"] is JsonObject nested ? nested : body;
        var changes = IndexSettings.Flatten(settingsNode);
        IndexSettings.Validate(changes, creating: false, _engine.Profile);
        var indices = Resolve(request, IndicesOptions.OpenAndClosed);
        var preserve = request.Flag("preserve_existing", false);
        var staticChanges = changes.Keys.Where(IndexSettings.IsStatic).ToList();
        var open = indices.Where(i => !i.IsClosed).ToList();
        if (staticChanges.Count > 0 && open.Count > 0)
            throw Errors.IllegalArgument($"Can't update non dynamic settings [[{string.Join(", ", staticChanges)}]] for open indices [{string.Join(", ", open.Select(i => $"[{i.Name}/{i.Uuid}]"))}]");
        lock (Cluster.MetadataLock)
        {
            foreach (var index in indices)
            {
                var values = new SortedDictionary<string, string>(index.Settings.Values, StringComparer.Ordinal);
                foreach (var (key, value) in changes)
                {
                    if (preserve && values.ContainsKey(key))
                        continue;
                    if (value == "null")
                        values.Remove(key);
                    else
                        values[key] = value;
                }
                index.Settings = new IndexSettings(values);
            }
            Cluster.Publish((ImmutableSortedDictionary<string, LocalIndex>)Cluster.Indices);
        }
        return RestResponse.Acknowledged();
    }

    private RestResponse Refresh(RestRequest request)
    {
        var indices = Resolve(request);
        foreach (var index in indices)
            index.RefreshAll();
        return BroadcastShards.Response(indices);
    }
}
