using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Handlers;

/// <summary>One action/metadata line of a bulk body and where its source line is.</summary>
internal sealed class BulkAction
{
    private static readonly string[] Actions = { "index", "create", "update", "delete" };

    public string Action { get; private set; } = "";
    public string? Index { get; private set; }
    public string? Id { get; private set; }
    public string? Routing { get; private set; }
    public string? Version { get; private set; }
    public string? VersionType { get; private set; }
    public string? IfSeqNo { get; private set; }
    public string? IfPrimaryTerm { get; private set; }
    public string? OpType { get; private set; }
    public bool? RequireAlias { get; private set; }
    public int RetryOnConflict { get; private set; }
    public SourceFilter? Source { get; private set; }
    public int SourceOffset { get; set; } = -1;
    public int SourceLength { get; set; }
    public int Line { get; private set; }

    /// <summary>The action name as the item reports it (op_type=create turns an index into a create).</summary>
    public string ItemName => Action == "index" && OpType == "create" ? "create" : Action;

    public static BulkAction Parse(ReadOnlySpan<byte> line, int lineNumber)
    {
        var action = new BulkAction { Line = lineNumber };
        var reader = new Utf8JsonReader(line);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw Malformed(lineNumber, "START_OBJECT or END_OBJECT", reader);
            reader.Read();
            if (reader.TokenType != JsonTokenType.PropertyName)
                throw Malformed(lineNumber, "FIELD_NAME", reader);
            var name = reader.GetString()!;
            if (Array.IndexOf(Actions, name) < 0)
                throw Errors.IllegalArgument($"Malformed action/metadata line [{lineNumber}], expected field [create], [delete], [index] or [update] but found [{name}]");
            action.Action = name;
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
                throw Malformed(lineNumber, "START_OBJECT", reader);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!;
                reader.Read();
                switch (key)
                {
                    case "_index": action.Index = Scalar(ref reader); break;
                    case "_id": action.Id = Scalar(ref reader); break;
                    case "routing": action.Routing = Scalar(ref reader); break;
                    case "version": action.Version = Scalar(ref reader); break;
                    case "version_type": action.VersionType = Scalar(ref reader); break;
                    case "if_seq_no": action.IfSeqNo = Scalar(ref reader); break;
                    case "if_primary_term": action.IfPrimaryTerm = Scalar(ref reader); break;
                    case "op_type": action.OpType = Scalar(ref reader); break;
                    case "require_alias": action.RequireAlias = Scalar(ref reader) == "true"; break;
                    case "retry_on_conflict": action.RetryOnConflict = int.Parse(Scalar(ref reader) ?? "0", System.Globalization.CultureInfo.InvariantCulture); break;
                    case "_source":
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        var raw = line[start..(int)reader.BytesConsumed];
                        action.Source = SourceFilter.FromJson(JsonNode.Parse(raw));
                        break;
                    case "pipeline":
                    case "require_data_stream":
                    case "list_executed_pipelines":
                    case "dynamic_templates":
                        reader.Skip();
                        break;
                    default:
                        throw Errors.IllegalArgument($"Action/metadata line [{lineNumber}] contains an unknown parameter [{key}]");
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject)
                throw Malformed(lineNumber, "END_OBJECT", reader);
        }
        catch (JsonException ex)
        {
            throw Errors.ParseError($"[{lineNumber}:{(ex.BytePositionInLine ?? 0) + 1}] {ex.Message}");
        }
        return action;
    }

    private static string? Scalar(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => null,
        _ => throw Errors.IllegalArgument($"Malformed action/metadata line, expected a simple value but found [{reader.TokenType}]"),
    };

    private static ElasticsearchException Malformed(int line, string expected, Utf8JsonReader reader)
    {
        var found = reader.TokenType switch
        {
            JsonTokenType.EndObject => "END_OBJECT",
            JsonTokenType.StartObject => "START_OBJECT",
            JsonTokenType.StartArray => "START_ARRAY",
            JsonTokenType.String => "VALUE_STRING",
            JsonTokenType.Number => "VALUE_NUMBER",
            JsonTokenType.None => "null",
            _ => reader.TokenType.ToString().ToUpperInvariant(),
        };
        return Errors.IllegalArgument($"Malformed action/metadata line [{line}], expected {expected} but found [{found}]");
    }
}
