using System.Collections.Immutable;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Engine;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Metadata;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Handlers;

/// <summary>Alias APIs: the atomic _aliases actions, put/delete/get/exists of one alias.</summary>
internal sealed class AliasHandlers
{
    private const string GetParams = "ignore_unavailable,allow_no_indices,expand_wildcards,local,master_timeout";
    private readonly LocalNodeEngine _engine;

    public AliasHandlers(LocalNodeEngine engine)
    {
        _engine = engine;
    }

    private LocalCluster Cluster => _engine.Cluster;

    public void Register(RestRouter router)
    {
        router.Add("POST", "/_aliases", "timeout,master_timeout", UpdateAliases);
        foreach (var segment in new[] { "_alias", "_aliases" })
        {
            router.Add("PUT,POST", "/{index}/" + segment + "/{name}", "timeout,master_timeout", PutAlias);
            router.Add("DELETE", "/{index}/" + segment + "/{name}", "timeout,master_timeout", DeleteAlias);
        }
        router.Add("GET", "/_alias", GetParams, GetAlias);
        router.Add("GET", "/_aliases", GetParams, GetAlias);
        router.Add("GET,HEAD", "/_alias/{name}", GetParams, GetAlias);
        router.Add("GET,HEAD", "/{index}/_alias", GetParams, GetAlias);
        router.Add("GET,HEAD", "/{index}/_alias/{name}", GetParams, GetAlias);
    }

    private RestResponse PutAlias(RestRequest request)
    {
        var body = RequestBody.ParseObjectOrNull(request) ?? new JsonObject();
        var action = new JsonObject { ["index"] = request.PathParam("index"), ["alias"] = request.PathParam("name") };
        foreach (var (key, value) in body)
        {
            if (key is not ("filter" or "routing" or "index_routing" or "search_routing" or "is_write_index" or "is_hidden"))
                throw Errors.IllegalArgument($"Unsupported field [{key}]");
            action[key] = value?.DeepClone();
        }
        var results = Apply(new JsonArray(new JsonObject { ["add"] = action }));
        if (results[0].Error is { } error)
            throw error;
        return RestResponse.Acknowledged();
    }

    private RestResponse DeleteAlias(RestRequest request)
    {
        var action = new JsonObject { ["index"] = request.PathParam("index"), ["alias"] = request.PathParam("name"), ["must_exist"] = true };
        var results = Apply(new JsonArray(new JsonObject { ["remove"] = action }));
        if (results[0].Error is { } error)
            throw error;
        return RestResponse.Acknowledged();
    }

    private RestResponse UpdateAliases(RestRequest request)
    {
        var body = RequestBody.ParseObject(request);
        if (body["actions"] is not JsonArray actions)
            throw Errors.ActionValidation("At least one action is required");
        var results = Apply(actions);
        var errors = results.Any(r => r.Error != null);
        return RestResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("acknowledged", true);
            w.WriteBoolean("errors", errors);
            if (errors)
            {
                w.WritePropertyName("action_results");
                w.WriteStartArray();
                foreach (var result in results)
                {
                    w.WriteStartObject();
                    w.WritePropertyName("action");
                    w.WriteStartObject();
                    w.WriteString("type", result.Type);
                    w.WritePropertyName("indices");
                    JsonValueWriter.Write(w, result.Indices);
                    w.WritePropertyName("aliases");
                    JsonValueWriter.Write(w, result.Aliases);
                    w.WriteEndObject();
                    w.WriteNumber("status", result.Error?.Status ?? 200);
                    if (result.Error != null)
                    {
                        w.WritePropertyName("error");
                        result.Error.WriteCause(w);
                    }
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// Applies alias actions all or nothing: every action is planned against a working copy, any hard
    /// failure aborts the whole request, and the new metadata is published once.
    /// A remove of a missing alias without must_exist is reported per action (8.14+) but does not abort.
    /// </summary>
    private List<AliasActionResult> Apply(JsonArray actions)
    {
        lock (Cluster.MetadataLock)
        {
            var indices = (ImmutableSortedDictionary<string, LocalIndex>)Cluster.Indices;
            var working = indices.Values.ToDictionary(i => i.Name, i => i.Aliases, StringComparer.Ordinal);
            var removedIndices = new HashSet<string>(StringComparer.Ordinal);
            var results = new List<AliasActionResult>();
            foreach (var node in actions)
            {
                if (node is not JsonObject wrapper || wrapper.Count != 1)
                    throw Errors.ParseError("[1:1] [alias_action] expected a single action");
                var (type, value) = wrapper.First();
                if (type is not ("add" or "remove" or "remove_index"))
                    throw Errors.ParseError($"[1:1] [aliases] unknown field [{type}]");
                var action = value as JsonObject ?? throw Errors.ParseError($"[1:1] [{type}] must be an object");
                results.Add(ApplyOne(type, action, indices, working, removedIndices));
            }
            foreach (var (name, aliasSet) in working)
            {
                if (removedIndices.Contains(name))
                    continue;
                foreach (var alias in aliasSet.Keys)
                    if (indices.ContainsKey(alias) && !removedIndices.Contains(alias))
                        throw new ElasticsearchException(400, "invalid_alias_name_exception", $"Invalid alias name [{alias}]: an index or data stream exists with the same name as the alias");
            }
            foreach (var alias in working.Where(w => !removedIndices.Contains(w.Key)).SelectMany(w => w.Value.Values.Where(a => a.IsWriteIndex == true).Select(a => (a.Name, Index: w.Key))).GroupBy(x => x.Name))
                if (alias.Count() > 1)
                    throw Errors.IllegalArgument($"alias [{alias.Key}] has more than one write index [{string.Join(",", alias.Select(a => a.Index).OrderBy(n => n, StringComparer.Ordinal))}]");
            var next = indices;
            foreach (var name in removedIndices)
                next = next.Remove(name);
            foreach (var index in next.Values)
                index.Aliases = working[index.Name];
            Cluster.Publish(next);
            return results;
        }
    }

    private AliasActionResult ApplyOne(string type, JsonObject action, ImmutableSortedDictionary<string, LocalIndex> indices,
        Dictionary<string, ImmutableSortedDictionary<string, AliasMetadata>> working, HashSet<string> removedIndices)
    {
        var indexNames = Names(action, "index", "indices");
        var aliasNames = Names(action, "alias", "aliases");
        bool? mustExist = action["must_exist"] is { } me ? me.ToString() == "true" : null;
        if (mustExist != null && type != "remove")
            throw Errors.IllegalArgument($"[must_exist] is unsupported for [{type}]");
        if (indexNames.Count == 0)
            throw Errors.ActionValidation("One of [index] or [indices] is required");
        var targets = new List<string>();
        foreach (var raw in indexNames)
        {
            var name = DateMathName.Resolve(raw, DateTimeOffset.UtcNow);
            if (Wildcard.IsPattern(name) || name == "_all")
            {
                targets.AddRange(indices.Keys.Where(k => !removedIndices.Contains(k) && (name == "_all" || Wildcard.Matches(name, k))));
                continue;
            }
            if (!indices.ContainsKey(name) || removedIndices.Contains(name))
            {
                if (type == "remove_index" && Cluster.IsAlias(name))
                    throw Errors.IllegalArgument($"The provided expression [{name}] matches an alias, specify the corresponding concrete indices instead.");
                throw Errors.IndexNotFound(name);
            }
            targets.Add(name);
        }
        if (targets.Count == 0)
            throw Errors.IndexNotFound(string.Join(",", indexNames));
        var result = new AliasActionResult(type, targets, aliasNames.Select(a => DateMathName.Resolve(a, DateTimeOffset.UtcNow)).ToList(), null);
        switch (type)
        {
            case "remove_index":
                foreach (var name in targets)
                    removedIndices.Add(name);
                return result;
            case "add":
                if (aliasNames.Count == 0)
                    throw Errors.ActionValidation("One of [alias] or [aliases] is required");
                foreach (var alias in result.Aliases)
                {
                    IndexNameRules.ValidateAliasName(alias);
                    var definition = new JsonObject();
                    foreach (var (key, value) in action)
                        if (key is "filter" or "routing" or "index_routing" or "search_routing" or "is_write_index" or "is_hidden")
                            definition[key] = value?.DeepClone();
                    var metadata = AliasParser.Parse(alias, definition);
                    foreach (var index in targets)
                        working[index] = working[index].SetItem(alias, metadata);
                }
                return result;
            default:
                if (aliasNames.Count == 0)
                    throw Errors.ActionValidation("One of [alias] or [aliases] is required");
                var missing = new List<string>();
                foreach (var alias in result.Aliases)
                {
                    var found = false;
                    foreach (var index in targets)
                    {
                        foreach (var existing in working[index].Keys.Where(k => Wildcard.Matches(alias, k) || alias == "_all").ToList())
                        {
                            working[index] = working[index].Remove(existing);
                            found = true;
                        }
                    }
                    if (!found && !Wildcard.IsPattern(alias))
                        missing.Add(alias);
                }
                if (missing.Count > 0)
                {
                    var error = AliasesMissing(missing);
                    if (mustExist == true)
                        throw error;
                    return result with { Error = error };
                }
                return result;
        }
    }

    private static ElasticsearchException AliasesMissing(IEnumerable<string> names)
    {
        var list = string.Join(",", names.OrderBy(n => n, StringComparer.Ordinal));
        return new ElasticsearchException(404, "aliases_not_found_exception", $"aliases [{list}] missing")
            .With("resource.type", "aliases").With("resource.id", list);
    }

    private static List<string> Names(JsonObject action, string single, string plural)
    {
        var names = new List<string>();
        foreach (var key in new[] { single, plural })
        {
            switch (action[key])
            {
                case null: break;
                case JsonArray array: names.AddRange(array.Select(n => n!.ToString())); break;
                case var value: names.AddRange(value.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)); break;
            }
        }
        return names;
    }

    private RestResponse GetAlias(RestRequest request)
    {
        var nameParam = request.PathParam("name");
        var requested = nameParam?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? Array.Empty<string>();
        var explicitNames = requested.Length > 0;
        var indices = Cluster.Resolve(request.PathParam("index"), IndicesOptions.From(request, IndicesOptions.OpenAndClosed));
        var firstWildcard = Array.FindIndex(requested, Wildcard.IsPattern);
        if (firstWildcard < 0)
            firstWildcard = requested.Length;

        bool Matches(string alias)
        {
            if (!explicitNames)
                return true;
            var matched = false;
            for (var i = 0; i < requested.Length; i++)
            {
                var pattern = requested[i];
                if (pattern.StartsWith('-') && i >= firstWildcard)
                {
                    if (matched && Wildcard.Matches(pattern[1..], alias))
                        matched = false;
                }
                else if (!matched && (pattern == "_all" || Wildcard.Matches(pattern, alias)))
                {
                    matched = true;
                }
            }
            return matched;
        }

        var response = new JsonObject();
        var returned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var index in indices)
        {
            var aliases = new JsonObject();
            foreach (var (name, alias) in index.Aliases)
            {
                if (!Matches(name))
                    continue;
                aliases[name] = alias.ToJson();
                returned.Add(name);
            }
            if (!explicitNames || aliases.Count > 0)
                response[index.Name] = new JsonObject { ["aliases"] = aliases };
        }
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < requested.Length; i++)
        {
            var name = requested[i];
            if (name == "_all" || Wildcard.IsPattern(name) || (i > firstWildcard && name.StartsWith('-')))
                continue;
            var excluded = false;
            for (var j = Math.Max(i + 1, firstWildcard); j < requested.Length; j++)
                if (requested[j].StartsWith('-') && (Wildcard.Matches(requested[j][1..], name) || requested[j][1..] == "_all"))
                {
                    excluded = true;
                    break;
                }
            if (!excluded && !returned.Contains(name))
                missing.Add(name);
        }
        if (request.IsHead)
            return RestResponse.Empty(missing.Count == 0 && (returned.Count > 0 || !explicitNames) ? 200 : 404);
        if (missing.Count == 0)
            return RestResponse.Ok(response);
        var ordered = new JsonObject
        {
            ["error"] = missing.Count == 1 ? $"alias [{missing.Min}] missing" : $"aliases [{string.Join(",", missing)}] missing",
            ["status"] = 404,
        };
        foreach (var (key, value) in response)
            ordered[key] = value?.DeepClone();
        return RestResponse.Json(404, ordered);
    }

    private sealed record AliasActionResult(string Type, List<string> Indices, List<string> Aliases, ElasticsearchException? Error);
}
