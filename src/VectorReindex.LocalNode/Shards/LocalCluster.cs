using System.Collections.Immutable;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Compatibility;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Mapping;
using VectorReindex.LocalNode.Metadata;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// The node's cluster state: the indices by name. Metadata changes (create, delete, mapping, settings,
/// aliases) run under one lock and publish a new immutable map; readers never lock.
/// </summary>
internal sealed class LocalCluster
{
    private volatile ImmutableSortedDictionary<string, LocalIndex> _indices = ImmutableSortedDictionary.Create<string, LocalIndex>(StringComparer.Ordinal);

    public object MetadataLock { get; } = new();

    public IReadOnlyDictionary<string, LocalIndex> Indices => _indices;

    /// <summary>Called under the metadata lock after every change, so the log records metadata in order with writes.</summary>
    public Action? MetadataChanged { get; set; }

    /// <summary>When true (the default, as action.destructive_requires_name), deleting by wildcard or _all is refused.</summary>
    public bool DestructiveRequiresName { get; set; } = true;

    /// <summary>The presented version: which settings exist and what new indices record as created by.</summary>
    public Compatibility.VersionProfile Profile { get; init; } = Compatibility.VersionProfile.Default;

    public LocalIndex? Get(string name) => _indices.TryGetValue(name, out var index) ? index : null;

    public void Publish(ImmutableSortedDictionary<string, LocalIndex> indices)
    {
        _indices = indices;
        MetadataChanged?.Invoke();
    }

    /// <summary>Replaces the whole map without logging (recovery).</summary>
    public void Load(IEnumerable<LocalIndex> indices)
        => _indices = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, indices.Select(i => KeyValuePair.Create(i.Name, i)));

    public IEnumerable<(LocalIndex Index, AliasMetadata Alias)> AliasTargets(string alias)
    {
        foreach (var index in _indices.Values)
            if (index.Aliases.TryGetValue(alias, out var metadata))
                yield return (index, metadata);
    }

    public bool IsAlias(string name) => _indices.Values.Any(i => i.Aliases.ContainsKey(name));

    public IEnumerable<string> AllAliasNames() => _indices.Values.SelectMany(i => i.Aliases.Keys).Distinct();

    /// <summary>Resolves a comma-separated expression of names, aliases, wildcards and exclusions to indices.</summary>
    public List<LocalIndex> Resolve(string? expression, IndicesOptions options)
    {
        var all = _indices;
        var result = new SortedDictionary<string, LocalIndex>(StringComparer.Ordinal);
        var parts = string.IsNullOrEmpty(expression) ? new[] { "_all" } : expression.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var wildcardSeen = false;
        foreach (var raw in parts)
        {
            var part = DateMathName.Resolve(raw, DateTimeOffset.UtcNow);
            if (part is "_all" || (part == "*" && !wildcardSeen))
            {
                wildcardSeen = true;
                foreach (var index in all.Values.Where(i => Visible(i, part, options)))
                    result[index.Name] = index;
                continue;
            }
            if (part.StartsWith('-') && wildcardSeen)
            {
                var pattern = part[1..];
                foreach (var name in result.Keys.Where(n => Wildcard.Matches(pattern, n)).ToList())
                    result.Remove(name);
                continue;
            }
            if (Wildcard.IsPattern(part))
            {
                wildcardSeen = true;
                var matched = false;
                foreach (var index in all.Values.Where(i => Wildcard.Matches(part, i.Name) && Visible(i, part, options)))
                {
                    result[index.Name] = index;
                    matched = true;
                }
                if (options.AllowAliases)
                    foreach (var alias in AllAliasNames().Where(a => Wildcard.Matches(part, a)))
                        foreach (var (index, _) in AliasTargets(alias).Where(t => StateVisible(t.Index, options)))
                        {
                            result[index.Name] = index;
                            matched = true;
                        }
                if (!matched && !options.AllowNoIndices)
                    throw Errors.IndexNotFound(part);
                continue;
            }
            if (all.TryGetValue(part, out var concrete))
            {
                if (Admits(concrete, options))
                    result[concrete.Name] = concrete;
                continue;
            }
            var targets = AliasTargets(part).ToList();
            if (targets.Count > 0)
            {
                if (!options.AllowAliases)
                {
                    if (options.IgnoreUnavailable)
                        continue;
                    throw Errors.IllegalArgument($"The provided expression [{part}] matches an alias, specify the corresponding concrete indices instead.");
                }
                foreach (var (index, _) in targets)
                    if (Admits(index, options))
                        result[index.Name] = index;
                continue;
            }
            if (part.StartsWith('_'))
                throw new ElasticsearchException(400, "invalid_index_name_exception", $"Invalid index name [{part}], must not start with '_'.").WithIndex(part, null);
            if (!options.IgnoreUnavailable)
                throw Errors.IndexNotFound(part);
        }
        if (result.Count == 0 && !options.AllowNoIndices)
            throw Errors.IndexNotFound(expression ?? "_all");
        return result.Values.ToList();
    }

    private static bool Visible(LocalIndex index, string pattern, IndicesOptions options)
        => StateVisible(index, options) && (options.ExpandHidden || pattern.StartsWith('.') || (!index.Settings.IsHidden && !index.Name.StartsWith('.')));

    /// <summary>Whether a wildcard reaches the index in its state (expand_wildcards open / closed).</summary>
    private static bool StateVisible(LocalIndex index, IndicesOptions options)
        => index.IsClosed ? options.ExpandClosed : options.ExpandOpen;

    /// <summary>
    /// Whether an index named outright (or through an alias) is part of the result: a closed one is an
    /// error where closed indices are forbidden, unless unavailable indices are ignored.
    /// </summary>
    private static bool Admits(LocalIndex index, IndicesOptions options)
    {
        if (!index.IsClosed || !options.ForbidClosed)
            return true;
        if (options.IgnoreUnavailable)
            return false;
        throw Errors.IndexClosed(index.Name, index.Uuid);
    }

    /// <summary>
    /// The index a write to <paramref name="name"/> goes to: the index itself, or the alias's write index.
    /// Null when nothing has that name (the caller may create the index).
    /// </summary>
    public LocalIndex? ResolveWriteIndex(string name, out AliasMetadata? viaAlias)
    {
        viaAlias = null;
        if (_indices.TryGetValue(name, out var index))
            return index;
        var targets = AliasTargets(name).ToList();
        if (targets.Count == 0)
            return null;
        var write = targets.Where(t => t.Alias.IsWriteIndex == true).ToList();
        if (write.Count == 1)
        {
            viaAlias = write[0].Alias;
            return write[0].Index;
        }
        if (targets.Count == 1 && targets[0].Alias.IsWriteIndex != false)
        {
            viaAlias = targets[0].Alias;
            return targets[0].Index;
        }
        throw Errors.IllegalArgument($"no write index is defined for alias [{name}]. The write index may be explicitly disabled using is_write_index=false or the alias points to multiple indices without one being designated as a write index");
    }

    /// <summary>Creates an index from a create-index body (settings, mappings, aliases), as the create API and auto-create do.</summary>
    public LocalIndex CreateIndex(string requestedName, JsonObject? body)
    {
        var name = DateMathName.Resolve(requestedName, DateTimeOffset.UtcNow);
        IndexNameRules.ValidateIndexName(name);
        foreach (var key in body?.Select(p => p.Key) ?? Enumerable.Empty<string>())
            if (key is not ("settings" or "mappings" or "aliases"))
                throw Errors.ParseError($"unknown key [{key}] for create index");
        if (body?["settings"] is { } s && s is not JsonObject)
            throw Errors.ParseError("[1:13] Failed to parse object: expecting token of type [START_OBJECT] but found [VALUE_STRING]");
        if (body?["aliases"] is { } a && a is not JsonObject)
            throw Errors.ParseError("[1:12] Failed to parse object: expecting token of type [START_OBJECT] but found [VALUE_STRING]");
        var settings = IndexSettings.Flatten(body?["settings"]);
        IndexSettings.Validate(settings, creating: true, Profile);
        if (settings.TryGetValue("index.number_of_routing_shards", out var routingShardsText))
        {
            if (!int.TryParse(routingShardsText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var routingShards) || routingShards < 1)
                throw Errors.IllegalArgument($"Failed to parse value [{routingShardsText}] for setting [index.number_of_routing_shards] must be >= 1");
            var shards = settings.TryGetValue("index.number_of_shards", out var shardsText) ? int.Parse(shardsText, System.Globalization.CultureInfo.InvariantCulture) : 1;
            IndexRouting.ValidateRoutingShards(shards, routingShards);
        }
        var mapping = IndexMapping.Empty.Merge(body?["mappings"], Profile);
        var aliases = ImmutableSortedDictionary.Create<string, AliasMetadata>(StringComparer.Ordinal);
        if (body?["aliases"] is JsonObject aliasBody)
            foreach (var (aliasName, definition) in aliasBody)
            {
                var resolved = DateMathName.Resolve(aliasName, DateTimeOffset.UtcNow);
                IndexNameRules.ValidateAliasName(resolved);
                aliases = aliases.SetItem(resolved, AliasParser.Parse(resolved, definition as JsonObject ?? new JsonObject()));
            }
        lock (MetadataLock)
        {
            if (_indices.TryGetValue(name, out var existing))
                throw new ElasticsearchException(400, "resource_already_exists_exception", $"index [{name}/{existing.Uuid}] already exists").WithIndex(name, existing.Uuid);
            if (IsAlias(name))
                throw new ElasticsearchException(400, "invalid_index_name_exception", $"Invalid index name [{name}], already exists as alias").WithIndex(name, null);
            foreach (var alias in aliases.Keys)
                if (_indices.ContainsKey(alias) || alias == name)
                    throw new ElasticsearchException(400, "invalid_alias_name_exception", $"Invalid alias name [{alias}]: an index or data stream exists with the same name as the alias");
            var uuid = NewUuid();
            var created = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var full = new SortedDictionary<string, string>(settings, StringComparer.Ordinal)
            {
                ["index.creation_date"] = created.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["index.uuid"] = uuid,
                ["index.version.created"] = Profile.IndexVersionCreated.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["index.provided_name"] = requestedName,
            };
            SourceModeFallback.Apply(full, body?["mappings"], Profile);
            full.TryAdd("index.number_of_shards", "1");
            full.TryAdd("index.number_of_replicas", "1");
            full.TryAdd("index.routing.allocation.include._tier_preference", "data_content");
            var index = new LocalIndex(name, uuid, created, new IndexSettings(full), mapping, aliases);
            index.Routing.ValidateForCreate(mapping);
            Publish(_indices.SetItem(name, index));
            return index;
        }
    }

    public static string NewUuid()
        => Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_')[..22];
}
