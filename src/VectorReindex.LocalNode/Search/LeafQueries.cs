using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Cluster;
using VectorReindex.LocalNode.Mapping;

namespace VectorReindex.LocalNode.Search;

/// <summary>match_all (and match_none when <see cref="None"/>).</summary>
internal sealed class MatchAllQuery : Query
{
    public bool None { get; init; }

    public override bool Matches(SearchTarget target, int doc, out float score)
    {
        score = Boost;
        return !None;
    }
}

/// <summary>
/// A query on one field's values: term, terms, match, prefix, wildcard, exists, range.
/// The metadata fields _id and _index are matched as keywords.
/// </summary>
internal sealed class FieldQuery : Query
{
    public required string Field { get; init; }
    public required Func<FieldMapping, JsonNode, bool> Predicate { get; init; }

    /// <summary>Whether the query matches an _id or _index value given as text (null: metadata never matches).</summary>
    public Func<string, bool>? MetadataPredicate { get; init; }

    public override bool Matches(SearchTarget target, int doc, out float score)
    {
        score = Boost;
        if (Field == "_id")
            return MetadataPredicate?.Invoke(target.Doc(doc).Id) == true;
        if (Field == "_index")
            return MetadataPredicate?.Invoke(target.Index.Name) == true;
        var field = target.Field(Field);
        if (field == null)
            return false;
        var path = Field;
        if (!target.Index.Mapping.Fields.ContainsKey(path))
            return false;
        var sourcePath = SourcePath(target, path);
        foreach (var value in target.Values(doc, sourcePath))
            if (Predicate(field, value))
                return true;
        return false;
    }

    /// <summary>A multi-field (name.keyword) reads its parent's source value.</summary>
    private static string SourcePath(SearchTarget target, string path)
    {
        var dot = path.LastIndexOf('.');
        if (dot > 0 && target.Field(path[..dot]) is { } parent && parent.Vector == null)
            return path[..dot];
        return path;
    }
}

/// <summary>exists: the field has at least one non-null value.</summary>
internal sealed class ExistsQuery : Query
{
    public required string Field { get; init; }

    public override bool Matches(SearchTarget target, int doc, out float score)
    {
        score = Boost;
        if (Field is "_id" or "_index")
            return true;
        if (target.Field(Field) is { Vector: not null })
            return target.Doc(doc).Vectors?.ContainsKey(Field) == true;
        var any = false;
        foreach (var name in target.Mapping.Fields.Keys)
        {
            if (name != Field && !name.StartsWith(Field + ".", StringComparison.Ordinal) && !Wildcard.Matches(Field, name))
                continue;
            if (target.Values(doc, name).Count > 0 || target.Doc(doc).Vectors?.ContainsKey(name) == true)
            {
                any = true;
                break;
            }
        }
        return any;
    }
}

/// <summary>ids: the document's _id is one of the values.</summary>
internal sealed class IdsQuery : Query
{
    public required HashSet<string> Ids { get; init; }

    public override bool Matches(SearchTarget target, int doc, out float score)
    {
        score = Boost;
        return Ids.Contains(target.Doc(doc).Id);
    }
}
