using VectorReindex.LocalNode.Mapping;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Search.Scripting;

/// <summary>
/// What a score script sees of one target: the current document (its doc values and vectors), the
/// inner query's _score, and the script's local variables. One per target; the script moves it from
/// document to document.
/// </summary>
internal sealed class ScriptDocument
{
    private readonly Dictionary<string, VectorColumn> _columns = new(StringComparer.Ordinal);

    public ScriptDocument(SearchTarget target, int locals)
    {
        Target = target;
        Locals = new ScriptValue[locals];
    }

    public SearchTarget Target { get; }

    public int Doc { get; set; }

    public double Score { get; set; }

    public ScriptValue[] Locals { get; }

    /// <summary>The mapped field a script names in doc['…'] or a vector function; unmapped is an error, as in Painless.</summary>
    public FieldMapping Field(string path) =>
        Target.Field(path) ?? throw ScriptErrors.Runtime($"No field found for [{path}] in mapping");

    /// <summary>How many values the document has for a field (a vector counts as one).</summary>
    public int Size(string path)
    {
        var field = Field(path);
        if (field.Vector != null)
            return HasVector(path) ? 1 : 0;
        return Target.Values(Doc, path).Count;
    }

    /// <summary>doc['f'].value: the smallest numeric or boolean value, as doc values hold them sorted.</summary>
    public ScriptValue Value(string path)
    {
        var field = Field(path);
        var values = Target.Values(Doc, path);
        if (values.Count == 0)
            throw ScriptErrors.Runtime($"A document doesn't have a value for a field! Use doc[<field>].size()==0 to check if a document is missing a field!", "illegal_state_exception");
        if (field.Type != "boolean" && !field.IsNumeric)
            throw ScriptErrors.Runtime($"Field [{path}] of type [{field.Type}] is not supported in score scripts of the local node; only numeric and boolean fields are");
        var smallest = values.Min(v => FieldValue.DocValueNumber(field, v) ?? throw ScriptErrors.Runtime($"Field [{path}] holds a value that is not a number"));
        return field.Type switch
        {
            "boolean" => ScriptValue.Bool(smallest != 0),
            "long" or "integer" or "short" or "byte" or "unsigned_long" => ScriptValue.Long((long)smallest),
            _ => ScriptValue.Double(smallest),
        };
    }

    /// <summary>The document's float vector for a field, with the field's options; throws where it has none.</summary>
    public (ReadOnlyMemory<float> Floats, sbyte[]? Bytes, DenseVectorOptions Options) Vector(string path)
    {
        var field = Field(path);
        if (field.Vector == null)
            throw ScriptErrors.Runtime($"Field [{path}] of type [{field.Type}] is not a [dense_vector] field");
        var column = Column(path);
        var bytes = column.Byte(Doc);
        var floats = column.Float(Doc);
        if (bytes == null && floats.IsEmpty)
            throw ScriptErrors.Runtime("A document doesn't have a value for a vector field!");
        return (floats, bytes, field.Vector);
    }

    private bool HasVector(string path)
    {
        var column = Column(path);
        return column.Byte(Doc) != null || !column.Float(Doc).IsEmpty;
    }

    private VectorColumn Column(string path)
    {
        if (!_columns.TryGetValue(path, out var column))
            _columns[path] = column = VectorColumn.For(Target.Snapshot, path);
        return column;
    }
}
